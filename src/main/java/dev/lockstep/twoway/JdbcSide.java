package dev.lockstep.twoway;

import dev.lockstep.db.PerExecutionPlan;
import dev.lockstep.mapping.TwoWayMapping;
import dev.lockstep.mapping.TwoWayMapping.FieldType;
import dev.lockstep.mapping.TwoWayMapping.SyncField;
import dev.lockstep.mapping.TwoWayMapping.SystemTable;
import dev.lockstep.poll.KeysetPoller;
import dev.lockstep.poll.PollCursor;
import dev.lockstep.poll.PolledRow;
import dev.lockstep.poll.PolledTable;
import dev.lockstep.resolve.SideState;
import dev.lockstep.resolve.SideWrite;
import dev.lockstep.resolve.Values;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A two-way system that is a database table: reads a record as a {@link SideState} (values in canonical
 * text, by field name) and makes a {@link SideWrite} there. Every write is conditional on the
 * modified-at Lockstep read, so a change made in between is never overwritten
 * ({@link ConcurrentChangeException}). Lockstep never writes the modified-at column: the system
 * stamps it. Identifiers come from the checked mapping; values are bind parameters.
 */
public final class JdbcSide implements Side {

    private static final int IN_LIST = 200;

    private final TwoWayMapping mapping;
    private final SystemTable table;
    private final DataSource dataSource;
    private final JdbcTemplate jdbc;

    public JdbcSide(TwoWayMapping mapping, String system, DataSource dataSource) {
        this.mapping = mapping;
        this.table = mapping.system(system);
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    @Override
    public String system() {
        return table.system();
    }

    @Override
    public KeysetPoller.Result poll(String pair, PollCursor from, Duration overlap, int pageSize, int maxRows,
                                    Consumer<List<Observation>> onPage) {
        return KeysetPoller.poll(polled(), from, overlap, pageSize, maxRows,
                page -> onPage.accept(page.stream().map(row -> new Observation(pair, row.id(), state(row))).toList()));
    }

    /** The table as the poller reads it: every synced column plus the delete column. */
    public PolledTable polled() {
        List<String> columns = new ArrayList<>(mapping.fields().stream().map(f -> f.column(table.system())).toList());
        if (table.deleted() != null) {
            columns.add(table.deleted());
        }
        return new PolledTable(dataSource, table.table(), table.key(), table.updatedAt(), columns);
    }

    /** A polled row as this system's state of the record. */
    public SideState state(PolledRow row) {
        Map<String, String> values = new HashMap<>();
        for (SyncField f : mapping.fields()) {
            values.put(f.name(), canonical(f.type(), row.columns().get(f.column(table.system()))));
        }
        boolean deleted = table.deleted() != null && row.columns().get(table.deleted()) != null;
        return new SideState(table.system(), true, deleted, values, row.modifiedAt());
    }

    @Override
    public SideState read(String key) {
        return readAll(List.of(key)).get(key);
    }

    /** The records as they are now, in one query per {@value #IN_LIST} keys ({@code key IN (?, ...)}). */
    @Override
    public Map<String, SideState> readAll(java.util.Collection<String> keys) {
        Map<String, SideState> states = new java.util.LinkedHashMap<>();
        keys.forEach(k -> states.put(k, SideState.absent(table.system())));
        PolledTable t = polled();
        List<String> all = new ArrayList<>(states.keySet());
        for (int from = 0; from < all.size(); from += IN_LIST) {
            List<String> some = all.subList(from, Math.min(all.size(), from + IN_LIST));
            String sql = "SELECT " + t.id() + ", " + t.modifiedAt() + (t.columns().isEmpty() ? "" : ", " + String.join(", ", t.columns()))
                    + " FROM " + t.table() + " WHERE " + t.id() + " IN (" + String.join(", ", some.stream().map(k -> "?").toList()) + ")";
            jdbc.query(PerExecutionPlan.of(sql, some.toArray()), (java.sql.ResultSet rs) -> {
                Map<String, Object> columns = new HashMap<>();
                for (String c : t.columns()) {
                    columns.put(c, rs.getObject(c));
                }
                String key = rs.getString(t.id());
                states.put(key, state(new PolledRow(key, rs.getTimestamp(t.modifiedAt()).toInstant(), columns)));
            });
        }
        return states;
    }

    @Override
    public void apply(String key, SideState before, SideWrite write, boolean hardDelete) {
        int changed = switch (write.kind()) {
            case NONE -> 1;
            case INSERT -> insert(key, write.values());
            case UPDATE -> update(key, before.updatedAt(), write.values());
            case DELETE -> hardDelete ? hardDelete(key, before.updatedAt()) : softDelete(key, before.updatedAt());
        };
        if (changed != 1) {
            throw new ConcurrentChangeException(table.system() + " changed " + key + " while it was being resolved; resolving again");
        }
    }

    private int insert(String key, Map<String, String> values) {
        List<String> columns = new ArrayList<>(List.of(table.key()));
        mapping.fields().forEach(f -> columns.add(f.column(table.system())));
        String sql = "INSERT INTO " + table.table() + " (" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
        try {
            return jdbc.update(sql, ps -> {
                ps.setString(1, key);
                bindFields(ps, 2, values);
            });
        } catch (org.springframework.dao.DuplicateKeyException e) {
            throw new ConcurrentChangeException(table.system() + " created " + key + " while it was being resolved; resolving again");
        }
    }

    private int update(String key, Instant readAt, Map<String, String> values) {
        StringBuilder sql = new StringBuilder("UPDATE ").append(table.table()).append(" SET ");
        sql.append(String.join(", ", mapping.fields().stream().map(f -> f.column(table.system()) + " = ?").toList()));
        if (table.deleted() != null) {
            sql.append(", ").append(table.deleted()).append(" = NULL");
        }
        sql.append(" WHERE ").append(table.key()).append(" = ? AND ").append(table.updatedAt()).append(" = ?");
        return jdbc.update(sql.toString(), ps -> {
            int i = bindFields(ps, 1, values);
            ps.setString(i++, key);
            ps.setTimestamp(i, Timestamp.from(readAt));
        });
    }

    private int softDelete(String key, Instant readAt) {
        String sql = "UPDATE " + table.table() + " SET " + table.deleted() + " = ? WHERE " + table.key() + " = ? AND "
                + table.updatedAt() + " = ?";
        return jdbc.update(sql, Timestamp.from(Instant.now()), key, Timestamp.from(readAt));
    }

    private int hardDelete(String key, Instant readAt) {
        String sql = "DELETE FROM " + table.table() + " WHERE " + table.key() + " = ? AND " + table.updatedAt() + " = ?";
        return jdbc.update(sql, key, Timestamp.from(readAt));
    }

    private int bindFields(PreparedStatement ps, int from, Map<String, String> values) throws SQLException {
        int i = from;
        for (SyncField f : mapping.fields()) {
            String v = values.get(f.name());
            switch (f.type()) {
                case TEXT -> {
                    if (v == null) {
                        ps.setNull(i, Types.VARCHAR);
                    } else {
                        ps.setString(i, v);
                    }
                }
                case DECIMAL -> {
                    if (v == null) {
                        ps.setNull(i, Types.DECIMAL);
                    } else {
                        ps.setBigDecimal(i, new BigDecimal(v));
                    }
                }
                case INTEGER -> {
                    if (v == null) {
                        ps.setNull(i, Types.BIGINT);
                    } else {
                        ps.setLong(i, new BigDecimal(v).longValueExact());
                    }
                }
            }
            i++;
        }
        return i;
    }

    /** A JDBC value as canonical text: numbers by value ({@code 89.00} → {@code 89}), text as is. */
    static String canonical(FieldType type, Object value) {
        if (value == null) {
            return null;
        }
        if (type == FieldType.TEXT) {
            return value.toString();
        }
        BigDecimal number = value instanceof BigDecimal b ? b : new BigDecimal(value.toString().trim());
        return Values.number(number);
    }
}
