package dev.lockstep.salesforce;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether Salesforce credentials are configured, read from {@code lockstep.systems.salesforce.*}
 * directly: component scanning decides before {@link SalesforceSwitch} has published its flag.
 */
public class SalesforceConfigured implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        if ("false".equalsIgnoreCase(context.getEnvironment().getProperty(SalesforceSwitch.PREFIX + "enabled"))) {
            return false;
        }
        return (Boolean) SalesforceSwitch.settings(context.getEnvironment()::getProperty).get(SalesforceSwitch.PREFIX + "enabled");
    }
}
