package dev.lockstep.webhook;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.http.common.HttpMessage;

/**
 * The only inbound HTTP headers a webhook route reads. Inbound HTTP headers never become Camel
 * headers: the servlet endpoint maps none ({@code mapHttpMessageHeaders=false}), the guard reads
 * these few from the request into exchange properties and drops every header Camel set, so nothing
 * a caller sends ({@code CamelSqlQuery}, {@code CamelHttpResponseCode}, ...) can steer a component
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

    /**
     * Keeps the allowed headers as exchange properties, then removes every header of the message.
     * They are read from the servlet request when there is one (so no other header is ever copied),
     * else from the message's headers (matched ignoring case).
     */
    static void keepAllowedAndDropAll(Exchange exchange) {
        Message in = exchange.getMessage();
        HttpServletRequest request = in instanceof HttpMessage http ? http.getRequest() : null;
        ALLOWED.forEach((header, property) -> {
            Object value = request != null ? fromRequest(request, header) : in.getHeader(header);
            if (value != null) {
                exchange.setProperty(property, value);
            }
        });
        in.removeHeaders("*");
    }

    /** The header's value; a list when it was sent more than once (as Camel's own mapping gives it). */
    private static Object fromRequest(HttpServletRequest request, String header) {
        Enumeration<String> values = request.getHeaders(header);
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String first = values.nextElement();
        if (!values.hasMoreElements()) {
            return first;
        }
        List<String> all = new ArrayList<>(List.of(first));
        values.asIterator().forEachRemaining(all::add);
        return all;
    }
}
