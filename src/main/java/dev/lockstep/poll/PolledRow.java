package dev.lockstep.poll;

import java.time.Instant;
import java.util.Map;

/** One row read by a poll: its id, its modified-at, and the other columns as JDBC gave them (nulls kept). */
public record PolledRow(String id, Instant modifiedAt, Map<String, Object> columns) {
}
