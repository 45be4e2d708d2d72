package dev.lockstep.mapping;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One pair's mapping file, loaded and checked: how to read the source's records, how to clean
 * them, how to compute each target column, and what a delete does.
 */
public record Mapping(
        Path file,
        String pair,
        Source source,
        Target target,
        Map<String, List<Transform>> cleanup,
        Map<String, FieldRule> fields,
        Deletes deletes) {

    /**
     * Where the envelope finds its parts in a source record.
     *
     * @param eventId the field holding the event's id (idempotency key)
     * @param id      the field holding the record's id in the source
     * @param version the field holding the record's modified-at (ISO-8601), which orders events
     * @param deleted a boolean field that marks a delete, or null when the source has none
     */
    public record Source(String system, String entity, String eventId, String id, String version, String deleted) {
    }

    /** The target table, its key column, and the column stamped with the time of each write. */
    public record Target(String system, String table, String key, String syncedAt) {
    }

    /** How one target column is computed: from one source field or a template, then transforms. */
    public record FieldRule(String column, String from, String template, List<Transform> transforms) {
    }

    /** What a delete in the source does to the target. */
    public record Deletes(Policy policy, String column) {
        public enum Policy { IGNORE, SOFT, HARD }
    }
}
