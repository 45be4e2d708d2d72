package dev.lockstep.webhook;

import dev.lockstep.mapping.MappingRegistry;
import dev.lockstep.ops.PairRoutes;
import dev.lockstep.pipeline.PipelineProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessDefinition;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SetPropertyDefinition;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Says once at start-up which webhook routes accept unsigned requests: those whose source system
 * has no {@code webhook-secret}. That is allowed (it is how the tour runs), but it should be a
 * decision someone sees, not a default nobody notices. Also warns about a route that does not run
 * the {@code webhookSignature} step although its system has a secret: the secret would protect
 * nothing there.
 */
@Component
public class WebhookSigningReport implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WebhookSigningReport.class);

    private final MappingRegistry mappings;
    private final WebhookSecrets secrets;

    public WebhookSigningReport(MappingRegistry mappings, WebhookSecrets secrets) {
        this.mappings = mappings;
        this.secrets = secrets;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        List<String> signed = new ArrayList<>();
        List<String> unsigned = new ArrayList<>();
        for (RouteDefinition route : camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinitions()) {
            if (route.getInput() == null || !"webhook".equals(PairRoutes.triggerType(route.getInput().getEndpointUri()))) {
                continue;
            }
            Optional<String> pair = constantProperty(route, PipelineProperties.PAIR);
            if (pair.isEmpty() || !mappings.all().containsKey(pair.get())) {
                continue; // the route's own steps refuse such a request; nothing to report about signing
            }
            String system = mappings.get(pair.get()).source().system();
            boolean hasSecret = !secrets.of(system).isEmpty();
            String described = system + " (route " + route.getRouteId() + ")";
            if (!hasSecret) {
                unsigned.add(described);
            } else if (runs(route.getOutputs(), "webhookSignature")) {
                signed.add(described);
            } else {
                log.warn("Webhook route {} does not run the webhookSignature step, so it accepts unsigned requests"
                        + " although {} is set: add it right after the guard", route.getRouteId(), WebhookSecrets.key(system));
            }
        }
        if (!signed.isEmpty()) {
            log.info("Webhook signatures are checked for: {}", String.join(", ", signed));
        }
        if (!unsigned.isEmpty()) {
            log.warn("Webhooks accepted unsigned (no lockstep.systems.<system>.webhook-secret): {}", String.join(", ", unsigned));
        }
    }

    private static Optional<String> constantProperty(RouteDefinition route, String name) {
        for (ProcessorDefinition<?> step : route.getOutputs()) {
            if (step instanceof SetPropertyDefinition set && name.equals(set.getName()) && set.getExpression() != null) {
                return Optional.ofNullable(set.getExpression().getExpression());
            }
        }
        return Optional.empty();
    }

    private static boolean runs(List<ProcessorDefinition<?>> steps, String bean) {
        for (ProcessorDefinition<?> step : steps) {
            if ((step instanceof ProcessDefinition process && refersTo(process.getRef(), bean)) || runs(step.getOutputs(), bean)) {
                return true;
            }
        }
        return false;
    }

    private static boolean refersTo(String ref, String bean) {
        return ref != null && ref.replaceFirst("^#(bean:)?", "").equals(bean);
    }
}
