package dev.lockstep.tablesync;

import dev.lockstep.mapping.Mapping;
import dev.lockstep.mapping.ValueSource;
import dev.lockstep.poll.PolledTable;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.sql.DataSource;

/**
 * A one-way pair whose source is a table: where it reads ({@code table} in {@code source}), where it
 * writes ({@code target}, the database of the mapping's target system), and how it pages.
 *
 * @param pageSize rows per page (one batch, one commit)
 * @param overlap  a scheduled run re-reads rows modified this long before its cursor (late commits)
 */
public record TablePair(String pair, DataSource source, String table, DataSource target, int pageSize, Duration overlap) {

    /**
     * The table as the poller reads it: the mapping's id and version columns, and every column a
     * {@code from:} rule or a cleanup rule names.
     */
    public PolledTable polled(Mapping mapping) {
        Set<String> columns = new LinkedHashSet<>(mapping.cleanup().keySet());
        mapping.fields().values().stream().filter(Mapping.FieldRule::flowsToTarget)
                .map(Mapping.FieldRule::source).filter(ValueSource.From.class::isInstance)
                .map(s -> ((ValueSource.From) s).path()).forEach(columns::add);
        columns.remove(mapping.source().id());
        columns.remove(mapping.source().version());
        return new PolledTable(source, table, mapping.source().id(), mapping.source().version(), java.util.List.copyOf(columns));
    }
}
