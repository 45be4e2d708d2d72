package dev.lockstep.mapping;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one event means for the target: the write to make and the column values to write.
 * {@code values} always holds the key column.
 */
public record TargetRow(Write write, String table, String keyColumn, String syncedAtColumn, Map<String, Object> values) {

    /** The kinds of write a change can turn into. */
    public enum Write { UPSERT, SOFT_DELETE, HARD_DELETE, NONE }

    public TargetRow {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The same row addressed to another target record (one found by a match key, or linked earlier). */
    public TargetRow withKey(String key) {
        Map<String, Object> relinked = new LinkedHashMap<>(values);
        relinked.put(keyColumn, key);
        return new TargetRow(write, table, keyColumn, syncedAtColumn, relinked);
    }

    public String key() {
        Object key = values.get(keyColumn);
        return key == null ? null : key.toString();
    }

    /**
     * SHA-256 of the write and its values in column order, leaving out the key: equal hashes mean
     * the record would end up the same. Used to spot duplicates and to break ties between equal
     * source versions; without the key, the same two versions are ranked alike in every record.
     */
    public String contentHash() {
        StringBuilder canonical = new StringBuilder(write.name());
        Map<String, Object> content = new TreeMap<>(values);
        content.remove(keyColumn);
        content.forEach((column, value) ->
                canonical.append('\u0000').append(column).append('=').append(value == null ? "\u2400" : value.toString()));
        byte[] digest = SHA_256.get().digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    // One digest per thread: looking the algorithm up again for every row showed in batch profiles.
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });
}
