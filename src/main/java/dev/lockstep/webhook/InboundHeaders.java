package dev.lockstep.webhook;

import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * The only inbound HTTP headers a webhook route reads. Inbound HTTP headers never become Camel
 * headers: the guard copies these few to exchange properties and drops every header, so nothing a
 * caller sends ({@code CamelSqlQuery}, {@code CamelHttpResponseCode}, ...) can steer a component
 * or be echoed back in the answer.
 */
public final class InboundHeaders {

    /** The request's {@code Content-Type}. */
    public static final String CONTENT_TYPE = "lockstepContentType";
    /** The request's declared {@code Content-Length}, absent for a chunked body. */
    public static final String CONTENT_LENGTH = "lockstepContentLength";
    /** The request's {@code Lockstep-Signature} (see {@link WebhookSignature}). */
    public static final String SIGNATURE = "lockstepSignature";

    /** Header name (matched ignoring case, as Camel's headers are) to the exchange property it is kept as. */
    private static final Map<String, String> ALLOWED = Map.of(
            "Content-Type", CONTENT_TYPE,
            "Content-Length", CONTENT_LENGTH,
            SignatureHeader.NAME, SIGNATURE);

    private InboundHeaders() {
    }

    /** Keeps the allowed headers as exchange properties, then removes every header of the message. */
    static void keepAllowedAndDropAll(Exchange exchange) {
        Message in = exchange.getMessage();
        ALLOWED.forEach((header, property) -> {
            Object value = in.getHeader(header);
            if (value != null) {
                exchange.setProperty(property, value);
            }
        });
        in.removeHeaders("*");
    }
}
