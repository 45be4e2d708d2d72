package dev.lockstep.accounting;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Sets up one call to the accounting API for the {@code http} endpoint (whose URI is the base URL),
 * from exchange properties the calling step set: method, path, query, body and idempotency key.
 * Runs first inside the circuit breaker, so every retry sends exactly the same request. The token is
 * sent as {@code Authorization: Bearer ...} (OAuth 2.0, as Xero expects) and, when set, the tenant
 * as {@code xero-tenant-id}; every other header is cleared so nothing of the exchange reaches the
 * API, and {@code httpResponseCheck} drops the Authorization header again after the call.
 */
@Component("accountingRequest")
public class AccountingRequest implements Processor {

    public static final String METHOD = "lockstepHttpMethod";
    public static final String PATH = "lockstepHttpPath";
    public static final String QUERY = "lockstepHttpQuery";
    public static final String BODY = "lockstepHttpBody";
    public static final String IDEMPOTENCY_KEY = "lockstepIdempotencyKey";

    private final Environment env;

    public AccountingRequest(Environment env) {
        this.env = env;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        String method = exchange.getProperty(METHOD, "GET", String.class);
        message.setHeader(Exchange.HTTP_METHOD, method);
        message.setHeader(Exchange.HTTP_PATH, exchange.getProperty(PATH, String.class));
        String query = exchange.getProperty(QUERY, String.class);
        if (query != null) {
            message.setHeader(Exchange.HTTP_QUERY, query);
        }
        message.setHeader("Authorization", "Bearer " + token());
        message.setHeader("Accept", "application/json");
        String tenant = env.getProperty("lockstep.systems." + AccountingPair.SYSTEM + ".tenant-id", "");
        if (!tenant.isBlank()) {
            message.setHeader("xero-tenant-id", tenant);
        }
        String key = exchange.getProperty(IDEMPOTENCY_KEY, String.class);
        if (key != null) {
            message.setHeader("Idempotency-Key", key);
        }
        String body = exchange.getProperty(BODY, String.class);
        if ("GET".equals(method) || body == null) {
            message.setBody(null);
        } else {
            message.setHeader(Exchange.CONTENT_TYPE, "application/json");
            message.setBody(body);
        }
    }

    private String token() {
        String token = env.getProperty(AccountingTargetConfig.TOKEN, "");
        if (token.isBlank()) {
            throw new IllegalStateException(AccountingTargetConfig.TOKEN + " is not set (environment variable "
                    + AccountingTargetConfig.TOKEN_VARIABLE + ")");
        }
        return token;
    }
}
