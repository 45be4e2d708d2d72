package dev.lockstep.accounting;

import dev.lockstep.deliver.http.HttpTargets;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The accounting API's circuit breaker, by the name its route refers to
 * ({@code circuitBreaker: accountingCircuitBreaker}), and the start-up check of its settings: with a
 * base URL (the pair is on) the token must be set too, or start-up stops naming the variable,
 * rather than every run failing at its first request.
 */
@Configuration(proxyBeanMethods = false)
public class AccountingTargetConfig implements SmartInitializingSingleton {

    public static final String TOKEN = "lockstep.systems.accounting.token";
    public static final String TOKEN_VARIABLE = "LOCKSTEP_SYSTEMS_ACCOUNTING_TOKEN";

    private final Environment env;

    public AccountingTargetConfig(Environment env) {
        this.env = env;
    }

    @Bean("accountingCircuitBreaker")
    CircuitBreaker accountingCircuitBreaker(HttpTargets targets) {
        return targets.circuitBreaker(AccountingPair.SYSTEM);
    }

    @Override
    public void afterSingletonsInstantiated() {
        check(env);
    }

    /** Throws when the accounting API is on (a base URL is set) but has no token. */
    public static void check(Environment env) {
        boolean on = env.getProperty("lockstep.systems." + AccountingPair.SYSTEM + ".enabled", Boolean.class, false);
        if (on && env.getProperty(TOKEN, "").isBlank()) {
            throw new IllegalStateException("The accounting API is configured (lockstep.systems.accounting.base-url) but "
                    + TOKEN + " is not: set the environment variable " + TOKEN_VARIABLE);
        }
    }
}
