package dev.lockstep.deliver.http;

import java.time.Instant;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Runs right after the {@code http} endpoint (called with {@code throwExceptionOnFailure=false},
 * inside the target's circuit breaker): a success passes, anything else becomes an
 * {@link HttpDeliveryException} classified by {@link HttpFailures}, whose message — the status, the
 * method and path, and the start of the response body — is what the dead letter shows. A DELETE
 * answered 404 is a success: what was to be removed is not there. The {@code Authorization} header
 * is dropped here, so the key goes no further than the request.
 */
@Component("httpResponseCheck")
public class HttpResponseCheck implements Processor {

    /** The most of a response body a failure message quotes. */
    static final int BODY_EXCERPT = 500;

    private final HttpTargets targets;

    public HttpResponseCheck(HttpTargets targets) {
        this.targets = targets;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        message.removeHeader("Authorization");
        Integer status = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String method = message.getHeader(Exchange.HTTP_METHOD, String.class);
        if (status == null) {
            throw new IllegalStateException("No HTTP status: the http endpoint did not run before httpResponseCheck");
        }
        if ((status >= 200 && status < 300) || ("DELETE".equals(method) && status == 404)) {
            return;
        }
        String target = HttpTarget.of(exchange);
        String body = message.getBody(String.class);
        HttpFailures.Verdict verdict = HttpFailures.classify(status, message.getHeader("Retry-After", String.class), body,
                Instant.now(), targets.retryAfterCap(target), targets.rateLimitWait(target));
        throw new HttpDeliveryException(verdict.kind(), status, verdict.pause(), "HTTP " + status + " from " + method + " "
                + message.getHeader(Exchange.HTTP_PATH, String.class) + ": " + excerpt(body));
    }

    static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        String flat = body.strip().replaceAll("\\s+", " ");
        return flat.length() <= BODY_EXCERPT ? flat : flat.substring(0, BODY_EXCERPT) + "…";
    }
}
