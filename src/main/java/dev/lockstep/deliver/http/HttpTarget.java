package dev.lockstep.deliver.http;

import org.apache.camel.Exchange;

/** The exchange property naming the HTTP target of a pair's deliveries; routes set it with {@code setProperty}. */
public final class HttpTarget {

    /** Set by an HTTP pair's route: {@code setProperty: {name: lockstepTarget, constant: email}}. */
    public static final String PROPERTY = "lockstepTarget";

    private HttpTarget() {
    }

    public static String of(Exchange exchange) {
        String target = exchange.getProperty(PROPERTY, String.class);
        if (target == null) {
            throw new IllegalStateException("Route " + exchange.getFromRouteId() + " must set the exchange property " + PROPERTY);
        }
        return target;
    }
}
