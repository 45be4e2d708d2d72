package dev.lockstep.webhook;

import dev.lockstep.config.LockstepProperties;
import dev.lockstep.mapping.MappingRegistry;
import dev.lockstep.pipeline.PipelineProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Checks the {@code Lockstep-Signature} of a webhook whose source system has a secret
 * ({@link WebhookSecrets}): an HMAC-SHA256, keyed by the secret, of {@code "<t>.<raw body>"}, where
 * {@code t} is the signing time in unix seconds. Runs right after the guard, over the exact bytes
 * it kept, before any JSON is parsed: a request that is not signed, signed with another secret,
 * altered, or signed more than {@code lockstep.webhook.signature-tolerance} away from now is
 * refused with 401 and nothing is stored. A system without a secret is accepted unsigned
 * ({@link WebhookSigningReport} lists those at start-up).
 *
 * <p>The timestamp is signed with the body, so a captured request cannot be replayed after the
 * tolerance; within it, a replay carries the same event id and the inbox accepts it as a duplicate
 * with no second effect.
 */
@Component("webhookSignature")
public class WebhookSignature implements Processor {

    private static final String HMAC = "HmacSHA256";

    private final MappingRegistry mappings;
    private final WebhookSecrets secrets;
    private final Duration tolerance;

    public WebhookSignature(MappingRegistry mappings, WebhookSecrets secrets, LockstepProperties props) {
        this.mappings = mappings;
        this.secrets = secrets;
        this.tolerance = props.webhook().signatureTolerance();
    }

    @Override
    public void process(Exchange exchange) throws GeneralSecurityException {
        String system = mappings.get(PipelineProperties.pair(exchange)).source().system();
        List<String> keys = secrets.of(system);
        if (keys.isEmpty()) {
            return;
        }
        byte[] body = exchange.getProperty(WebhookRequestGuard.RAW_BODY, byte[].class);
        if (body == null) {
            throw new IllegalStateException("Route " + exchange.getFromRouteId()
                    + " must run the webhookRequestGuard before the webhookSignature");
        }
        SignatureHeader header = SignatureHeader.parse(exchange.getProperty(InboundHeaders.SIGNATURE));
        long skew = Math.abs(Instant.now().getEpochSecond() - header.epochSecond());
        if (skew > tolerance.toSeconds()) {
            throw SignatureHeader.unauthorized("the " + SignatureHeader.NAME + " timestamp is more than "
                    + tolerance.toSeconds() + " seconds away from now (lockstep.webhook.signature-tolerance)");
        }
        if (!matchesAny(keys, header, body)) {
            throw SignatureHeader.unauthorized("the " + SignatureHeader.NAME + " does not match the body");
        }
    }

    private static boolean matchesAny(List<String> keys, SignatureHeader header, byte[] body) throws GeneralSecurityException {
        for (String key : keys) {
            byte[] expected = hmac(key, header.timestamp(), body);
            for (byte[] candidate : header.signatures()) {
                // Constant time: how long the comparison takes must not tell how much of a guess was right.
                if (MessageDigest.isEqual(expected, candidate)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static byte[] hmac(String key, String timestamp, byte[] body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance(HMAC);
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), HMAC));
        mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
        mac.update((byte) '.');
        return mac.doFinal(body);
    }
}
