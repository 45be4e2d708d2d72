package dev.lockstep.metrics;

import dev.lockstep.webhook.WebhookBodyLimit;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationPredicate;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.actuate.autoconfigure.observation.ObservationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Webhook requests in {@code http.server.requests} (or the name that
 * {@code management.observations.http.server.requests.name} gives it), timed by a filter of
 * Lockstep's own; Spring's observation of them is a no-op. Every other request is observed as before.
 *
 * <p>Why: the observation (its context, a long-task timer per request, tags rebuilt per request)
 * was 6% of a webhook request's CPU in a profile; this timer, looked up once per path and status,
 * costs a clock reading. The meter has the same name and tag keys ({@code method, uri, status,
 * outcome, exception, error}), so dashboards see webhooks beside every other request, now with the
 * webhook's path as {@code uri} where Spring's filter, knowing no pattern for Camel's servlet, said
 * {@code UNKNOWN}. Spring Boot's cap on distinct {@code uri} values applies to it as well.
 */
@Configuration(proxyBeanMethods = false)
public class WebhookRequestMetrics {

    /**
     * Spring's observation filter still sees webhooks, but their observations are no-ops (Spring
     * Boot applies every {@link ObservationPredicate} bean to the registry): no timers, no tags, and
     * each webhook is counted once, by the timer below.
     */
    @Bean
    ObservationPredicate noObservationOfWebhooks() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext server && WebhookBodyLimit.isWebhook(server.getCarrier()));
    }

    @Bean
    FilterRegistrationBean<WebhookTimer> webhookRequestTimer(MeterRegistry meters, ObservationProperties properties) {
        // The meter's name is the observation's (management.observations.http.server.requests.name).
        String name = properties.getHttp().getServer().getRequests().getName();
        FilterRegistrationBean<WebhookTimer> registration = new FilterRegistrationBean<>(new WebhookTimer(meters, name));
        // Where Spring's observation filter stands, so a webhook's time and status are measured alike.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /** Times each webhook request into {@code http.server.requests}. */
    static final class WebhookTimer extends OncePerRequestFilter {

        /** Past this many distinct tag sets, more are not kept here (Spring Boot's uri cap denies them anyway). */
        private static final int MAX_TIMERS = 1000;
        private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE");

        private record Key(String method, String uri, int status, String exception) {
        }

        private final MeterRegistry meters;
        private final String name;
        private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

        WebhookTimer(MeterRegistry meters, String name) {
            this.meters = meters;
            this.name = name;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !WebhookBodyLimit.isWebhook(request);
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            long start = System.nanoTime();
            Throwable failure = null;
            try {
                chain.doFilter(request, response);
            } catch (ServletException | IOException | RuntimeException | Error e) {
                failure = e;
                throw e;
            } finally {
                // An exception that escaped the servlet becomes a 500 on its way out, as Spring's filter counts it.
                int status = failure != null && response.getStatus() < 400 ? 500 : response.getStatus();
                timer(request, status, failure).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        }

        private Timer timer(HttpServletRequest request, int status, Throwable failure) {
            String method = METHODS.contains(request.getMethod()) ? request.getMethod() : "UNKNOWN";
            // The decoded path without parameters; any path Camel has no route for counts as NOT_FOUND.
            String uri = status == 404 ? "NOT_FOUND" : request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
            String exception = failure == null ? "none" : failure.getClass().getSimpleName();
            Key key = new Key(method, uri, status, exception);
            Timer known = timers.get(key);
            if (known != null) {
                return known;
            }
            Timer timer = register(key);
            if (timers.size() < MAX_TIMERS) {
                timers.put(key, timer);
            }
            return timer;
        }

        private Timer register(Key key) {
            return Timer.builder(name)
                    .description("Duration of HTTP server request handling")
                    .tag("method", key.method())
                    .tag("uri", key.uri())
                    .tag("status", Integer.toString(key.status()))
                    .tag("outcome", outcome(key.status()))
                    .tag("exception", key.exception())
                    .tag("error", key.exception())
                    .register(meters);
        }

        private static String outcome(int status) {
            return switch (status / 100) {
                case 1 -> "INFORMATIONAL";
                case 2 -> "SUCCESS";
                case 3 -> "REDIRECTION";
                case 4 -> "CLIENT_ERROR";
                case 5 -> "SERVER_ERROR";
                default -> "UNKNOWN";
            };
        }
    }
}
