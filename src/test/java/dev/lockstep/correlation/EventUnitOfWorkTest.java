package dev.lockstep.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.event.ChangeEvent;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.UnitOfWorkFactory;
import org.apache.camel.support.AsyncProcessorSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * Lockstep's unit of work keeps the MDC keys a log line needs: Camel's route and step, and the
 * event's keys, also after a step that finished on another thread.
 */
class EventUnitOfWorkTest {

    private final ExecutorService elsewhere = Executors.newSingleThreadExecutor(r -> new Thread(r, "elsewhere"));
    private final Map<String, Map<String, String>> seen = new ConcurrentHashMap<>();
    private CamelContext camel;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.setUseMDCLogging(true);
        camel.getCamelContextExtension().addContextPlugin(UnitOfWorkFactory.class, new EventUnitOfWork.Factory());
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:event").routeId("an-event")
                        .process(exchange -> EventMdc.put(exchange, exchange.getMessage().getBody(ChangeEvent.class)))
                        .step("before").process(exchange -> seen.put("before", snapshot())).end()
                        .process(new FinishesElsewhere())
                        .step("after").process(exchange -> seen.put("after", snapshot())).end();
            }
        });
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
        elsewhere.shutdownNow();
        MDC.clear();
    }

    @Test
    void theEventsKeysAndTheRouteFollowTheExchangeToAnotherThread() {
        ChangeEvent event = new ChangeEvent("e-1", "crm-to-billing", "crm", "contact", "C-1", ChangeEvent.Operation.UPSERT,
                Map.of(), Instant.parse("2026-11-26T10:00:00Z"), Instant.now());

        camel.createProducerTemplate().sendBody("direct:event", event);

        for (String step : new String[] {"before", "after"}) {
            assertThat(seen.get(step)).as(step)
                    .containsEntry(EventMdc.EVENT_ID, "e-1")
                    .containsEntry(EventMdc.PAIR, "crm-to-billing")
                    .containsEntry(EventMdc.RECORD_ID, "C-1")
                    .containsEntry("camel.routeId", "an-event")
                    .containsEntry("camel.stepId", step);
        }
        assertThat(seen.get("after")).containsEntry("thread", "elsewhere");
    }

    private static Map<String, String> snapshot() {
        Map<String, String> mdc = new ConcurrentHashMap<>(MDC.getCopyOfContextMap());
        mdc.put("thread", Thread.currentThread().getName());
        return mdc;
    }

    /** A step that completes on another thread, as an asynchronous producer does. */
    private final class FinishesElsewhere extends AsyncProcessorSupport implements AsyncProcessor {
        @Override
        public boolean process(Exchange exchange, AsyncCallback callback) {
            elsewhere.submit(() -> callback.done(false));
            return false;
        }
    }
}
