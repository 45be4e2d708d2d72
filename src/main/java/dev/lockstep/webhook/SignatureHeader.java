package dev.lockstep.webhook;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A parsed {@code Lockstep-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>...]} header. Several
 * {@code v1} values let a sender sign with an old and a new secret while a secret is rotated;
 * unknown keys (a later scheme, {@code v2=...}) are ignored so senders can add one. Anything else
 * malformed is refused with 401, like a wrong signature.
 *
 * @param timestamp  the signing time, in seconds since the epoch, as the sender wrote it (it is signed)
 * @param signatures the {@code v1} values, decoded: each a candidate HMAC-SHA256 of {@code "<t>.<body>"}
 */
record SignatureHeader(String timestamp, List<byte[]> signatures) {

    static final String NAME = "Lockstep-Signature";

    // At most 12 digits: no overflow when compared with the clock, and far beyond any real date.
    private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{1,12}");
    private static final Pattern HMAC_SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

    long epochSecond() {
        return Long.parseLong(timestamp);
    }

    /**
     * @param value the header as received; a list when the header was sent more than once
     * @throws WebhookRejection 401 when the header is missing or malformed
     */
    static SignatureHeader parse(Object value) {
        if (value instanceof Iterable<?> repeated) {
            // Sent more than once: read as one comma-separated list, so two timestamps are refused below.
            List<String> parts = new ArrayList<>();
            repeated.forEach(v -> parts.add(String.valueOf(v)));
            value = String.join(",", parts);
        }
        if (value == null || value.toString().isBlank()) {
            throw unauthorized("the " + NAME + " header is missing");
        }
        String timestamp = null;
        List<byte[]> signatures = new ArrayList<>();
        for (String part : value.toString().split(",")) {
            String[] keyValue = part.strip().split("=", 2);
            if (keyValue.length != 2) {
                throw malformed("'" + part.strip() + "' is not key=value");
            }
            String key = keyValue[0].strip();
            String v = keyValue[1].strip();
            if (key.equals("t")) {
                if (timestamp != null) {
                    throw malformed("more than one t=");
                }
                if (!TIMESTAMP.matcher(v).matches()) {
                    throw malformed("t= must be a time in seconds since 1970-01-01T00:00:00Z");
                }
                timestamp = v;
            } else if (key.equals("v1")) {
                if (!HMAC_SHA256_HEX.matcher(v).matches()) {
                    throw malformed("v1= must be 64 hexadecimal digits (an HMAC-SHA256)");
                }
                signatures.add(HexFormat.of().parseHex(v));
            }
        }
        if (timestamp == null) {
            throw malformed("t= is missing");
        }
        if (signatures.isEmpty()) {
            throw malformed("v1= is missing");
        }
        return new SignatureHeader(timestamp, List.copyOf(signatures));
    }

    static WebhookRejection unauthorized(String message) {
        return new WebhookRejection(401, message);
    }

    private static WebhookRejection malformed(String why) {
        return unauthorized("malformed " + NAME + " header: " + why
                + " (expected t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<body>\">)");
    }
}
