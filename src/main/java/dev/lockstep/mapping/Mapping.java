package dev.lockstep.mapping;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One pair's mapping file, loaded and checked: how to read the source's records, how to clean
 * them, how to compute each target column, how to find a record that already exists on the other
 * side, and what a delete does.
 */
public record Mapping(
        Path file,
        String pair,
        Source source,
        Target target,
        Map<String, List<Transform>> cleanup,
        Map<String, FieldRule> fields,
        List<String> match,
        Deletes deletes,
        /** The line of the {@code fields:} section, where problems about the columns as a whole are reported. */
        int fieldsLine) {

    /**
     * Where the envelope finds its parts in a source record.
     *
     * @param eventId the field holding the event's id (idempotency key)
     * @param id      the field holding the record's id in the source
     * @param version the field holding the record's modified-at (ISO-8601), which orders events
     * @param deleted a boolean field that marks a delete, or null when the source has none
     * @param sample  a sample record (JSON) that every source path in the file is checked against, or null
     */
    public record Source(String system, String entity, String eventId, String id, String version, String deleted, Path sample) {
    }

    /** The target table, its key column, and the column stamped with the time of each write. */
    public record Target(String system, String table, String key, String syncedAt) {
    }

    /**
     * How one target column is computed: its value source, then the value map, the transforms, the
     * default, and the validations. {@code direction} and {@code owner} say how the column takes
     * part in a two-way pair; a one-way pair writes the columns that flow from source to target.
     */
    public record FieldRule(String column, ValueSource source, Map<String, Object> valueMap, boolean hasOtherwise,
                            Object otherwise, List<Transform> transforms, Object defaultValue,
                            List<Validation> validations, Direction direction, String owner, int line) {

        /** A plain {@code from} rule; the shape most columns have. */
        public static FieldRule from(String column, String path) {
            return new FieldRule(column, new ValueSource.From(path), Map.of(), false, null, List.of(), null, List.of(),
                    Direction.BOTH, null, 0);
        }

        public boolean flowsToTarget() {
            return direction == Direction.BOTH || direction == Direction.SOURCE_TO_TARGET;
        }
    }

    /** Which way a column syncs; spelled {@code both}, {@code source-to-target}, {@code target-to-source}, {@code none}. */
    public enum Direction {
        BOTH, SOURCE_TO_TARGET, TARGET_TO_SOURCE, NONE;

        public static Direction of(String spelling) {
            for (Direction d : values()) {
                if (d.name().replace('_', '-').equalsIgnoreCase(spelling)) {
                    return d;
                }
            }
            return null;
        }
    }

    /** What a delete in the source does to the target. */
    public record Deletes(Policy policy, String column) {
        public enum Policy { IGNORE, SOFT, HARD }
    }
}
