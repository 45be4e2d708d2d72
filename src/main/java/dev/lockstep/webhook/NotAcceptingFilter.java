package dev.lockstep.webhook;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.camel.CamelContext;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The one place that answers {@code 503} with {@code Retry-After} while Lockstep is not accepting:
 * every request but {@code /actuator} while Camel is not running its routes, and webhooks during
 * the shutdown refuse period ({@link WebhookAdmission}), instead of the {@code 404} or {@code 500}
 * a webhook would otherwise get.
 *
 * <p>Why: the web server opens its port before Camel starts the routes (Camel starts once the
 * Spring context is refreshed, after the server), and can stop them before the server closes. In
 * between, a sender posting to a webhook path like {@code /webhooks/crm/contacts} was told
 * {@code 404} (after a restart: the path is not registered yet) or {@code 500} (routes stopped) —
 * which many webhook senders take as final and drop the event. {@code 503} means what the webhook
 * route itself answers when it cannot store an event: not accepted, send it again. {@code /actuator} is left alone, so health checks
 * keep answering (Camel's health contributors already report the context as not ready).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class NotAcceptingFilter extends OncePerRequestFilter {

    static final String BODY = "{\"error\":\"Lockstep is starting or stopping; nothing was accepted, send it again\"}";

    // A provider, not the context itself: filters are created with the web server, before Camel's beans.
    private final ObjectProvider<CamelContext> camel;
    private final WebhookAdmission admission;
    // Resolved once it exists: looking it up through the provider on every request cost 6% of a
    // webhook's CPU (a bean-factory search each time).
    private volatile CamelContext context;

    public NotAcceptingFilter(ObjectProvider<CamelContext> camel, WebhookAdmission admission) {
        this.camel = camel;
        this.admission = admission;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        boolean refused = !path.startsWith("/actuator")
                && (!routesRunning() || (path.startsWith("/webhooks/") && !admission.accepting()));
        if (!refused) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", "1");
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write(BODY);
    }

    private boolean routesRunning() {
        CamelContext known = context;
        if (known == null) {
            known = camel.getIfAvailable();
            context = known;
        }
        return known != null && known.isStarted();
    }
}
