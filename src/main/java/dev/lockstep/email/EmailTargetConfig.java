package dev.lockstep.email;

import dev.lockstep.deliver.http.HttpTargets;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The email API's circuit breaker, by the name its route refers to ({@code circuitBreaker: emailCircuitBreaker}). */
@Configuration(proxyBeanMethods = false)
public class EmailTargetConfig {

    @Bean("emailCircuitBreaker")
    CircuitBreaker emailCircuitBreaker(HttpTargets targets) {
        return targets.circuitBreaker(EmailMappingCheck.SYSTEM);
    }
}
