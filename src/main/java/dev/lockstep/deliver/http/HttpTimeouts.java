package dev.lockstep.deliver.http;

import java.time.Duration;
import org.apache.camel.Ordered;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.spi.ComponentCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Timeouts of every call to an HTTP target, on both Camel components that make them ({@code http}
 * and {@code https}, separate instances; Camel's own defaults are three minutes):
 * {@code lockstep.http.connect-timeout} and {@code lockstep.http.response-timeout}. A call that
 * times out counts as a transient failure: retried, and counted by the target's circuit breaker.
 * HttpClient's own automatic retries are off, so every retry is one of Lockstep's.
 */
@Configuration(proxyBeanMethods = false)
public class HttpTimeouts {

    @Bean
    ComponentCustomizer lockstepHttpTimeouts(@Value("${lockstep.http.connect-timeout:5s}") Duration connect,
                                             @Value("${lockstep.http.response-timeout:30s}") Duration response) {
        return ComponentCustomizer.builder(HttpComponent.class)
                // Applied after the starter's camel.component.http.* defaults, so these win.
                .withOrder(Ordered.LOWEST)
                .build(component -> {
                    component.setConnectTimeout(connect.toMillis());
                    component.setConnectionRequestTimeout(connect.toMillis());
                    component.setSoTimeout(response.toMillis());
                    component.setResponseTimeout(response.toMillis());
                    // HttpClient would otherwise answer a 429 or 503 by sending the request once more by
                    // itself, after the full Retry-After however long: Lockstep's own policies (capped
                    // waits, parking, back-off, the circuit breaker) are the only retries.
                    component.setAutomaticRetriesDisabled(true);
                });
    }
}
