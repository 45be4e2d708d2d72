package dev.lockstep.deliver.http;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.stereotype.Component;

/**
 * Turns each HTTP system on or off before any bean or route is created:
 * {@code lockstep.systems.<system>.enabled} is true when {@code lockstep.systems.<system>.base-url}
 * is set, unless it is set explicitly. The HTTP systems are named by {@code lockstep.http.systems}
 * (default {@code email}).
 *
 * <p>Why this early: an HTTP pair's route names its endpoint by the base URL, and its
 * {@code precondition} reads this flag, so a pair without a target is not even created (no route,
 * no poll, no endpoint to resolve), and the webhook stores no events for it. Start-up never fails
 * because a remote API is unconfigured or unreachable. It runs as a bean factory post-processor,
 * after every property source (profiles, test initializers) is in place.
 */
@Component
public class HttpSystemsSwitch implements BeanFactoryPostProcessor, EnvironmentAware, Ordered {

    static final String SYSTEMS = "lockstep.http.systems";

    private ConfigurableEnvironment env;

    @Override
    public void setEnvironment(Environment environment) {
        this.env = (ConfigurableEnvironment) environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        Map<String, Object> switches = new LinkedHashMap<>();
        for (String system : env.getProperty(SYSTEMS, "email").split(",")) {
            String name = system.strip();
            if (!name.isEmpty()) {
                switches.put("lockstep.systems." + name + ".enabled",
                        !env.getProperty("lockstep.systems." + name + ".base-url", "").isBlank());
            }
        }
        // Last: an explicit lockstep.systems.<system>.enabled anywhere else wins.
        env.getPropertySources().remove("lockstepHttpSystems");
        env.getPropertySources().addLast(new MapPropertySource("lockstepHttpSystems", switches));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
