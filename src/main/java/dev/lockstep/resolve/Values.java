package dev.lockstep.resolve;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Field values in their canonical text form (numbers without trailing zeros, so {@code 89.00} read
 * from PostgreSQL and {@code 89.0} read from MariaDB are the same value). A missing value is null.
 */
public final class Values {

    private Values() {
    }

    /** An unmodifiable copy, sorted by field, that keeps nulls. */
    public static Map<String, String> copy(Map<String, String> values) {
        return Collections.unmodifiableMap(new TreeMap<>(values));
    }

    /** The canonical text of a number: {@code 89.00} → {@code 89}, {@code 34.50} → {@code 34.5}. */
    public static String number(BigDecimal value) {
        if (value == null) {
            return null;
        }
        return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
    }

    public static BigDecimal numberOf(String text) {
        return text == null || text.isBlank() ? BigDecimal.ZERO : new BigDecimal(text.trim());
    }

    /** SHA-256 of the values (and the deleted flag): what the echo filter and the baseline compare. */
    public static String hash(Map<String, String> values, boolean deleted) {
        StringBuilder text = new StringBuilder(deleted ? "deleted\n" : "live\n");
        new TreeMap<>(values).forEach((k, v) -> text.append(k).append('=')
                .append(v == null ? "\u0000" : v.replace("\\", "\\\\").replace("\n", "\\n")).append('\n'));
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean same(String a, String b) {
        return Objects.equals(a, b);
    }
}
