package dev.lockstep.mapping;

import dev.lockstep.check.ConfigProblem;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * Checks every JDBC target's mapping against the target table itself, once at start-up: a mapped
 * column the table does not have, or a required column (NOT NULL, no default) the mapping leaves
 * unmapped, stops start-up with the file and line. A target that cannot be reached at start-up is
 * not checked (Lockstep starts while a target is down; the pipeline retries), and says so.
 */
@Component
@DependsOn("billingDemoSchema")
public class TargetSchemaCheck implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(TargetSchemaCheck.class);

    private final MappingRegistry mappings;
    private final ApplicationContext context;

    public TargetSchemaCheck(MappingRegistry mappings, ApplicationContext context) {
        this.mappings = mappings;
        this.context = context;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<ConfigProblem> problems = new ArrayList<>();
        for (Mapping mapping : mappings.all().values()) {
            String system = mapping.target().system();
            if (!context.containsBean(system) || !context.isTypeMatch(system, DataSource.class)) {
                continue;
            }
            try {
                columns(context.getBean(system, DataSource.class), mapping.target().table())
                        .ifPresentOrElse(columns -> problems.addAll(check(mapping, columns)),
                                () -> problems.add(new ConfigProblem(mapping.file(), mapping.fieldsLine(), 1,
                                        "the table " + mapping.target().table() + " does not exist in " + system,
                                        "create it, or fix target.table")));
            } catch (SQLException e) {
                log.warn("Not checking {} against {} now ({}): it is unreachable", mapping.file().getFileName(), system, e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidMappingException(problems);
        }
    }

    /** A column of the target table: whether a row must have a value for it. */
    record Column(String name, boolean required) {
    }

    static List<ConfigProblem> check(Mapping mapping, Map<String, Column> columns) {
        List<ConfigProblem> problems = new ArrayList<>();
        String table = mapping.target().table();
        for (Mapping.FieldRule rule : mapping.fields().values()) {
            if (!columns.containsKey(rule.column())) {
                problems.add(new ConfigProblem(mapping.file(), rule.line(), 1, "column '" + rule.column() + "' does not exist in "
                        + mapping.target().system() + " table " + table, "the table has " + columns.keySet()));
            }
        }
        List<String> written = new ArrayList<>(mapping.fields().keySet());
        if (mapping.target().syncedAt() != null) {
            written.add(mapping.target().syncedAt());
        }
        if (mapping.deletes().column() != null) {
            written.add(mapping.deletes().column());
        }
        for (String extra : written.subList(mapping.fields().size(), written.size())) {
            if (!columns.containsKey(extra)) {
                problems.add(new ConfigProblem(mapping.file(), mapping.fieldsLine(), 1, "column '" + extra + "' does not exist in "
                        + mapping.target().system() + " table " + table, "the table has " + columns.keySet()));
            }
        }
        for (Column column : columns.values()) {
            if (column.required() && !written.contains(column.name())) {
                problems.add(new ConfigProblem(mapping.file(), mapping.fieldsLine(), 1, "required column '" + column.name() + "' of "
                        + table + " is not mapped (NOT NULL, no default)", "add " + column.name() + ": {from: ...} or a constant"));
            }
        }
        return problems;
    }

    private static Optional<Map<String, Column>> columns(DataSource dataSource, String table) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            Map<String, Column> columns = new LinkedHashMap<>();
            try (ResultSet rs = meta.getColumns(c.getCatalog(), null, table, null)) {
                while (rs.next()) {
                    boolean notNull = rs.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls;
                    boolean hasDefault = rs.getString("COLUMN_DEF") != null || "YES".equals(rs.getString("IS_AUTOINCREMENT"));
                    columns.put(rs.getString("COLUMN_NAME"), new Column(rs.getString("COLUMN_NAME"), notNull && !hasDefault));
                }
            }
            return columns.isEmpty() ? Optional.empty() : Optional.of(columns);
        }
    }
}
