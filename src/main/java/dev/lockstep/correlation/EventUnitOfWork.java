package dev.lockstep.correlation;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.impl.engine.MDCUnitOfWork;
import org.apache.camel.spi.InflightRepository;
import org.apache.camel.spi.UnitOfWork;
import org.apache.camel.spi.UnitOfWorkFactory;
import org.springframework.stereotype.Component;

/**
 * Camel's MDC unit of work (the {@code camel.*} keys: route, step, exchange) without its copy of
 * the whole MDC at every step. Lockstep's own keys ({@link EventMdc}) are restored from the exchange
 * instead, and only when a step finished on another thread.
 *
 * <p>Why: with {@code camel.main.mdc-logging-keys-pattern} set, Camel copies the thread's whole MDC
 * into a new map before every processor, in case it completes asynchronously; that copy was 7% of a
 * webhook request's CPU in a profile, for keys that almost never cross threads here.
 */
public final class EventUnitOfWork extends MDCUnitOfWork {

    private final InflightRepository inflight;
    private final boolean allowUseOriginalMessage;
    private final boolean useBreadcrumb;

    EventUnitOfWork(Exchange exchange, InflightRepository inflight, boolean allowUseOriginalMessage, boolean useBreadcrumb) {
        // No keys pattern: Camel carries only its own keys across threads, and this class Lockstep's.
        super(exchange, inflight, null, allowUseOriginalMessage, useBreadcrumb);
        this.inflight = inflight;
        this.allowUseOriginalMessage = allowUseOriginalMessage;
        this.useBreadcrumb = useBreadcrumb;
    }

    @Override
    public UnitOfWork newInstance(Exchange exchange) {
        return new EventUnitOfWork(exchange, inflight, allowUseOriginalMessage, useBreadcrumb);
    }

    @Override
    public AsyncCallback beforeProcess(Processor processor, Exchange exchange, AsyncCallback callback) {
        AsyncCallback camel = super.beforeProcess(processor, exchange, callback);
        return doneSync -> {
            if (!doneSync) {
                // The exchange goes on in the thread that completed the step: give it the event's keys.
                EventMdc.restore(exchange);
            }
            camel.done(doneSync);
        };
    }

    @Override
    public String toString() {
        return "EventUnitOfWork";
    }

    /** Camel uses the one bean of this type for every exchange (camel-main's configurer finds it). */
    @Component
    public static class Factory implements UnitOfWorkFactory {

        private InflightRepository inflight;
        private boolean allowUseOriginalMessage;
        private boolean useBreadcrumb;

        @Override
        public UnitOfWork createUnitOfWork(Exchange exchange) {
            return new EventUnitOfWork(exchange, inflight, allowUseOriginalMessage, useBreadcrumb);
        }

        @Override
        public void afterPropertiesConfigured(CamelContext context) {
            inflight = context.getInflightRepository();
            allowUseOriginalMessage = Boolean.TRUE.equals(context.isAllowUseOriginalMessage());
            useBreadcrumb = Boolean.TRUE.equals(context.isUseBreadcrumb());
        }
    }
}
