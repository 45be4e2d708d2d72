package dev.lockstep.salesforce;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.stereotype.Component;

/**
 * Turns Salesforce on or off before any bean or route is created, from
 * {@code lockstep.systems.salesforce.*}:
 * <ul>
 *   <li>nothing set: off ({@code lockstep.systems.salesforce.enabled=false}); the pair's routes are
 *       not created (their {@code precondition}), and start-up says so in one line;</li>
 *   <li>{@code client-id} and {@code client-secret}: the OAuth client-credentials flow; with
 *       {@code username} and {@code password} as well, the username-password flow;</li>
 *   <li>anything in between (a secret without an id, a username without a password): start-up
 *       stops, naming the environment variable to set.</li>
 * </ul>
 * When on, it hands the settings to camel-salesforce ({@code camel.component.salesforce.*}) with
 * {@code lazy-login}: start-up never waits for, or fails on, an unreachable Salesforce.
 */
@Component
public class SalesforceSwitch implements BeanFactoryPostProcessor, EnvironmentAware, Ordered {

    static final String PREFIX = "lockstep.systems.salesforce.";
    private static final Logger log = LoggerFactory.getLogger(SalesforceSwitch.class);

    private ConfigurableEnvironment env;

    @Override
    public void setEnvironment(Environment environment) {
        this.env = (ConfigurableEnvironment) environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        Map<String, Object> props = settings(env::getProperty);
        if ("false".equalsIgnoreCase(env.getProperty(PREFIX + "enabled"))) {
            log.warn("Pair salesforce-and-billing is off: {}enabled is false", PREFIX);
            return;
        }
        env.getPropertySources().remove("lockstepSalesforce");
        // Last: an explicit lockstep.systems.salesforce.enabled or camel.component.salesforce.* elsewhere wins.
        env.getPropertySources().addLast(new MapPropertySource("lockstepSalesforce", props));
        if (!(Boolean) props.get(PREFIX + "enabled")) {
            log.warn("Pair salesforce-and-billing is off: Salesforce has no credentials (set LOCKSTEP_SYSTEMS_SALESFORCE_CLIENT_ID "
                    + "and LOCKSTEP_SYSTEMS_SALESFORCE_CLIENT_SECRET, and LOCKSTEP_SYSTEMS_SALESFORCE_LOGIN_URL to your My Domain)");
        } else {
            log.info("Salesforce at {} ({}), logging in on first use", props.get("camel.component.salesforce.login-url"),
                    props.get("camel.component.salesforce.auth-type"));
        }
    }

    /** The switch and camel-salesforce's settings from Lockstep's keys; throws on a configuration that cannot work. */
    static Map<String, Object> settings(java.util.function.Function<String, String> property) {
        String clientId = value(property, "client-id");
        String clientSecret = value(property, "client-secret");
        String username = value(property, "username");
        String password = value(property, "password");
        Map<String, Object> props = new LinkedHashMap<>();
        boolean any = clientId != null || clientSecret != null || username != null || password != null;
        if (!any) {
            props.put(PREFIX + "enabled", false);
            return props;
        }
        require(clientId, "client-id", "the connected app's consumer key");
        require(clientSecret, "client-secret", "the connected app's consumer secret");
        if (username != null || password != null) {
            require(username, "username", "the integration user's login, for the username-password flow");
            require(password, "password", "the integration user's password (with its security token appended), for the username-password flow");
        }
        props.put(PREFIX + "enabled", true);
        String c = "camel.component.salesforce.";
        props.put(c + "login-url", orDefault(value(property, "login-url"), "https://login.salesforce.com"));
        props.put(c + "client-id", clientId);
        props.put(c + "client-secret", clientSecret);
        if (username != null) {
            props.put(c + "auth-type", "USERNAME_PASSWORD");
            props.put(c + "user-name", username);
            props.put(c + "password", password);
        } else {
            props.put(c + "auth-type", "CLIENT_CREDENTIALS");
        }
        props.put(c + "api-version", orDefault(value(property, "api-version"), "62.0"));
        props.put(c + "lazy-login", true);
        return props;
    }

    private static void require(String value, String key, String what) {
        if (value == null) {
            throw new IllegalStateException("Salesforce is partly configured: " + PREFIX + key + " (environment variable "
                    + variable(key) + ") is missing: " + what + ". Set it, or unset every LOCKSTEP_SYSTEMS_SALESFORCE_* "
                    + "variable to leave the salesforce-and-billing pair off.");
        }
    }

    static String variable(String key) {
        return (PREFIX + key).toUpperCase().replace('.', '_').replace('-', '_');
    }

    private static String value(java.util.function.Function<String, String> property, String key) {
        String v = property.apply(PREFIX + key);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static String orDefault(String v, String fallback) {
        return v == null ? fallback : v;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
