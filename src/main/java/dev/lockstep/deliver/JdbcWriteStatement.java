package dev.lockstep.deliver;

import dev.lockstep.mapping.TargetRow;
import dev.lockstep.pipeline.PipelineProperties;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

/**
 * Prepares the deliver step for a {@code jdbc:} endpoint: the SQL for the target row as the body,
 * its values as {@code col_<column>} headers, which the endpoint binds as parameters
 * ({@code useHeadersAsParameters=true}). Table and column names come from a mapping file that the
 * loader has checked to be plain SQL names; values are never spliced into the SQL.
 */
@Component("jdbcWriteStatement")
public class JdbcWriteStatement implements Processor {

    static final String PREFIX = "col_";
    private static final String MARKER = ":?";

    @Override
    public void process(Exchange exchange) {
        TargetRow row = exchange.getProperty(PipelineProperties.TARGET_ROW, TargetRow.class);
        Message message = exchange.getMessage();
        message.removeHeaders(PREFIX + "*");
        row.values().forEach((column, value) -> message.setHeader(PREFIX + column, bindable(value)));
        message.setBody(sql(row));
    }

    /**
     * The statement for the row, its values as named parameters {@code :?col_<column>}, the syntax
     * both camel-jdbc and camel-sql bind (camel-sql when the statement is the message body).
     */
    public static String sql(TargetRow row) {
        String marker = MARKER;
        return switch (row.write()) {
            case UPSERT -> upsert(row, marker);
            case SOFT_DELETE -> softDelete(row, marker);
            case HARD_DELETE -> "DELETE FROM " + row.table() + " WHERE " + row.keyColumn() + " = " + marker + PREFIX + row.keyColumn();
            case NONE -> throw new IllegalStateException("Nothing to write for " + row.key());
        };
    }

    /** How many parameters a statement from {@link #sql} binds: one per {@code :?name} marker. */
    public static int parameterCount(String sql) {
        int count = 0;
        for (int at = sql.indexOf(MARKER); at >= 0; at = sql.indexOf(MARKER, at + MARKER.length())) {
            count++;
        }
        return count;
    }

    /** The row's values keyed by parameter name ({@code col_<column>}), ready to bind. */
    public static Map<String, Object> parameters(TargetRow row) {
        Map<String, Object> parameters = new java.util.LinkedHashMap<>();
        row.values().forEach((column, value) -> parameters.put(PREFIX + column, bindable(value)));
        return parameters;
    }

    private static String upsert(TargetRow row, String marker) {
        List<String> columns = new ArrayList<>(row.values().keySet());
        List<String> values = new ArrayList<>(columns.stream().map(c -> marker + PREFIX + c).toList());
        if (row.syncedAtColumn() != null) {
            columns.add(row.syncedAtColumn());
            values.add("now()");
        }
        List<String> updates = columns.stream().filter(c -> !c.equals(row.keyColumn()))
                .map(c -> c + " = EXCLUDED." + c).toList();
        return "INSERT INTO " + row.table() + " (" + String.join(", ", columns) + ") VALUES (" + String.join(", ", values)
                + ") ON CONFLICT (" + row.keyColumn() + ") DO "
                + (updates.isEmpty() ? "NOTHING" : "UPDATE SET " + String.join(", ", updates));
    }

    private static String softDelete(TargetRow row, String marker) {
        List<String> sets = new ArrayList<>();
        for (Map.Entry<String, Object> e : row.values().entrySet()) {
            if (!e.getKey().equals(row.keyColumn())) {
                sets.add(e.getKey() + " = " + marker + PREFIX + e.getKey());
            }
        }
        if (row.syncedAtColumn() != null) {
            sets.add(row.syncedAtColumn() + " = now()");
        }
        return "UPDATE " + row.table() + " SET " + String.join(", ", sets) + " WHERE " + row.keyColumn() + " = " + marker + PREFIX + row.keyColumn();
    }

    /** The PostgreSQL driver binds OffsetDateTime, not Instant. */
    private static Object bindable(Object value) {
        return value instanceof Instant i ? i.atOffset(ZoneOffset.UTC) : value;
    }
}
