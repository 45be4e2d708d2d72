package dev.lockstep.matching;

import dev.lockstep.cleanup.InvalidRecordException;
import dev.lockstep.cleanup.Violation;
import dev.lockstep.db.PerExecutionPlan;
import dev.lockstep.event.ChangeEvent;
import dev.lockstep.ledger.SyncLedger;
import dev.lockstep.mapping.Mapping;
import dev.lockstep.mapping.MappingRegistry;
import dev.lockstep.mapping.TargetRow;
import dev.lockstep.pipeline.PipelineProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The match step: decides which target record an event writes to.
 * <ul>
 *   <li>A source record the ledger has linked keeps its link.</li>
 *   <li>A new source record whose match key (the mapping's {@code match} columns, after cleanup,
 *       e.g. the normalised e-mail) equals an existing target record's is linked to that record
 *       instead of creating a duplicate.</li>
 *   <li>If that target record is already linked to another source record, the two source records
 *       are a duplicate pair: the event is quarantined naming the other one, never merged silently.</li>
 * </ul>
 * Match columns are looked up in the target's database: the JDBC {@link DataSource} bean named like
 * the mapping's target system ({@code billing}).
 */
@Component("matchKeyLinker")
public class MatchKeyLinker implements Processor {

    private final MappingRegistry mappings;
    private final SyncLedger ledger;
    private final ApplicationContext context;
    private final java.util.Map<String, TargetDatabase> targets = new java.util.concurrent.ConcurrentHashMap<>();

    /** A target system's database, and whether it is PostgreSQL (asked once, when first used). */
    private record TargetDatabase(JdbcTemplate jdbc, boolean postgres) {
        static TargetDatabase of(DataSource dataSource) {
            JdbcTemplate jdbc = new JdbcTemplate(dataSource);
            return new TargetDatabase(jdbc, Boolean.TRUE.equals(jdbc.execute((org.springframework.jdbc.core.ConnectionCallback<Boolean>)
                    connection -> "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName()))));
        }
    }

    public MatchKeyLinker(MappingRegistry mappings, SyncLedger ledger, ApplicationContext context) {
        this.mappings = mappings;
        this.ledger = ledger;
        this.context = context;
    }

    @Override
    public void process(Exchange exchange) {
        ChangeEvent event = PipelineProperties.event(exchange);
        TargetRow row = exchange.getProperty(PipelineProperties.TARGET_ROW, TargetRow.class);
        Optional<SyncLedger.RecordState> known = ledger.find(event.pair(), event.sourceId());
        // The resolve step needs the same ledger entry: read it once per event.
        exchange.setProperty(PipelineProperties.LEDGER_STATE, known);
        exchange.setProperty(PipelineProperties.TARGET_ROW, link(mappings.get(event.pair()), event, row, known));
    }

    /**
     * The row addressed to the target record it belongs to (read-only: also used by the preview).
     *
     * @throws InvalidRecordException when the match key belongs to another source record's target record
     */
    public TargetRow link(Mapping mapping, ChangeEvent event, TargetRow row) {
        return link(mapping, event, row, ledger.find(event.pair(), event.sourceId()));
    }

    private TargetRow link(Mapping mapping, ChangeEvent event, TargetRow row, Optional<SyncLedger.RecordState> linked) {
        if (linked.isPresent()) {
            return row.withKey(linked.get().targetId());
        }
        if (mapping.match().isEmpty() || row.write() != TargetRow.Write.UPSERT) {
            return row;
        }
        List<Object> keyValues = mapping.match().stream().map(c -> row.values().get(c)).toList();
        if (keyValues.stream().anyMatch(v -> v == null || v.toString().isBlank())) {
            return row; // an incomplete match key matches nothing
        }
        Optional<String> existing = findTargetRecord(mapping, keyValues);
        if (existing.isEmpty()) {
            return row;
        }
        Optional<String> otherSource = ledger.sourceLinkedTo(event.pair(), existing.get())
                .filter(other -> !other.equals(event.sourceId()));
        if (otherSource.isPresent()) {
            String columns = String.join(", ", mapping.match());
            List<Violation> duplicate = new ArrayList<>();
            for (int i = 0; i < mapping.match().size(); i++) {
                duplicate.add(new Violation(mapping.match().get(i), keyValues.get(i),
                        "duplicate of source record " + otherSource.get() + " (same " + columns + "), already linked to "
                                + mapping.target().system() + " record " + existing.get()));
            }
            throw new InvalidRecordException(duplicate);
        }
        return row.withKey(existing.get());
    }

    private Optional<String> findTargetRecord(Mapping mapping, List<Object> keyValues) {
        Mapping.Target target = mapping.target();
        // Table and column names were checked by the mapping loader to be plain SQL names.
        String where = mapping.match().stream().map(c -> c + " = ?").collect(Collectors.joining(" AND "));
        String sql = "SELECT " + target.key() + " FROM " + target.table() + " WHERE " + where + " ORDER BY " + target.key() + " LIMIT 1";
        return targetDatabase(target).jdbc().queryForList(sql, String.class, keyValues.toArray()).stream().findFirst();
    }

    /**
     * The target records whose match columns equal each of these key tuples, in one query: for
     * each tuple found, the smallest target key (as {@link #link} picks one). Tuples are compared
     * as text.
     */
    public java.util.Map<List<String>, String> findTargetRecords(Mapping mapping, java.util.Collection<List<String>> keyTuples) {
        java.util.Map<List<String>, String> found = new java.util.HashMap<>();
        if (keyTuples.isEmpty()) {
            return found;
        }
        Mapping.Target target = mapping.target();
        List<String> columns = mapping.match();
        TargetDatabase db = targetDatabase(target);
        // Table and column names were checked by the mapping loader to be plain SQL names; values are parameters.
        String sql;
        List<Object> parameters = new ArrayList<>();
        if (db.postgres()) {
            sql = probeEachTuple(target, columns);
            List<List<String>> tuples = List.copyOf(keyTuples);
            for (int i = 0; i < columns.size(); i++) {
                int column = i;
                parameters.add(tuples.stream().map(tuple -> tuple.get(column)).toArray(String[]::new));
            }
        } else {
            String tuple = "(" + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
            sql = "SELECT " + target.key() + ", " + String.join(", ", columns) + " FROM " + target.table()
                    + " WHERE (" + String.join(", ", columns) + ") IN (" + String.join(", ", java.util.Collections.nCopies(keyTuples.size(), tuple))
                    + ") ORDER BY " + target.key();
            keyTuples.forEach(parameters::addAll);
        }
        db.jdbc().query(PerExecutionPlan.of(sql, parameters.toArray()), (java.sql.ResultSet rs) -> {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                values.add(rs.getString(i + 2));
            }
            found.putIfAbsent(values, rs.getString(1));
        });
        return found;
    }

    /**
     * PostgreSQL: one index probe per tuple, whatever the target table's statistics say (see
     * PerExecutionPlan). The tuples come as one text array per match column, each tuple matched by its
     * own correlated sub-select; the sub-select names its columns target_key, m0, m1, ... (the key may
     * also be a match column).
     */
    private static String probeEachTuple(Mapping.Target target, List<String> columns) {
        List<String> names = new ArrayList<>();
        List<String> selected = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            names.add("m" + i);
            selected.add(columns.get(i) + " AS m" + i);
            conditions.add(columns.get(i) + " = k.m" + i);
        }
        return "SELECT t.target_key, " + names.stream().map(m -> "t." + m).collect(Collectors.joining(", "))
                + " FROM unnest(" + String.join(", ", java.util.Collections.nCopies(columns.size(), "?::text[]")) + ") AS k (" + String.join(", ", names) + ")"
                + " CROSS JOIN LATERAL (SELECT " + target.key() + " AS target_key, " + String.join(", ", selected) + " FROM " + target.table()
                + " WHERE " + String.join(" AND ", conditions) + " OFFSET 0) AS t ORDER BY t.target_key";
    }

    /** The database of the mapping's target system: the JDBC DataSource bean named like the system. */
    private TargetDatabase targetDatabase(Mapping.Target target) {
        return targets.computeIfAbsent(target.system(), system -> TargetDatabase.of(context.getBean(system, DataSource.class)));
    }

    /** The record's match key as text, or empty when the mapping has none or a part of it is missing. */
    public static Optional<List<String>> matchKey(Mapping mapping, TargetRow row) {
        if (mapping.match().isEmpty() || row.write() != TargetRow.Write.UPSERT) {
            return Optional.empty();
        }
        List<String> key = new ArrayList<>();
        for (String column : mapping.match()) {
            Object value = row.values().get(column);
            if (value == null || value.toString().isBlank()) {
                return Optional.empty();
            }
            key.add(value.toString());
        }
        return Optional.of(key);
    }
}
