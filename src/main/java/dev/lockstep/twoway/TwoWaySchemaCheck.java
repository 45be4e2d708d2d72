package dev.lockstep.twoway;

import dev.lockstep.check.ConfigProblem;
import dev.lockstep.mapping.InvalidMappingException;
import dev.lockstep.mapping.MappingRegistry;
import dev.lockstep.mapping.TwoWayMapping;
import dev.lockstep.mapping.TwoWayMapping.SystemTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * Checks every two-way mapping against both systems' tables once at start-up: a missing table, or a
 * key, modified-at, delete or field column the table does not have, stops start-up with the file
 * and line. A system unreachable at start-up is not checked (the pair retries), and that is logged.
 */
@Component
@DependsOn("twoWayDemoSchemas")
public class TwoWaySchemaCheck implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(TwoWaySchemaCheck.class);

    private final MappingRegistry mappings;
    private final ApplicationContext context;

    public TwoWaySchemaCheck(MappingRegistry mappings, ApplicationContext context) {
        this.mappings = mappings;
        this.context = context;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<ConfigProblem> problems = new ArrayList<>();
        for (TwoWayMapping mapping : mappings.twoWay().values()) {
            if (!connected(mapping)) {
                continue; // the pair is off (its other system is not configured): nothing of it runs
            }
            for (SystemTable system : mapping.systems()) {
                if (system.connector() != TwoWayMapping.Connector.JDBC) {
                    continue; // remote systems are reached lazily; their calls report what is wrong
                }
                if (!context.containsBean(system.system()) || !context.isTypeMatch(system.system(), DataSource.class)) {
                    problems.add(new ConfigProblem(mapping.file(), 1, 1, "system '" + system.system() + "' has no database",
                            "define lockstep.systems." + system.system() + ".jdbc-url (a DataSource bean named " + system.system() + ")"));
                    continue;
                }
                try {
                    problems.addAll(check(mapping, system, columns(context.getBean(system.system(), DataSource.class), system.table())));
                } catch (SQLException e) {
                    log.warn("Not checking {} against {} now ({}): it is unreachable", mapping.file().getFileName(), system.system(), e.getMessage());
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidMappingException(problems);
        }
    }

    /** Whether every non-database system of the mapping has its connector configured (a {@link SideFactory} bean). */
    private boolean connected(TwoWayMapping mapping) {
        return mapping.systems().stream().filter(s -> s.connector() != TwoWayMapping.Connector.JDBC)
                .allMatch(s -> context.getBeansOfType(SideFactory.class).values().stream().anyMatch(f -> f.connector() == s.connector()));
    }

    static List<ConfigProblem> check(TwoWayMapping mapping, SystemTable system, Set<String> columns) {
        List<ConfigProblem> problems = new ArrayList<>();
        if (columns.isEmpty()) {
            problems.add(new ConfigProblem(mapping.file(), 1, 1, "the table " + system.table() + " does not exist in " + system.system(),
                    "create it, or fix systems." + system.system() + ".table"));
            return problems;
        }
        for (String own : new String[] {system.key(), system.updatedAt(), system.deleted()}) {
            if (own != null && !columns.contains(own)) {
                problems.add(new ConfigProblem(mapping.file(), 1, 1, "column '" + own + "' does not exist in " + system.system()
                        + " table " + system.table(), "fix systems." + system.system() + " (the table has " + columns + ")"));
            }
        }
        for (TwoWayMapping.SyncField field : mapping.fields()) {
            String column = field.column(system.system());
            if (!columns.contains(column)) {
                problems.add(new ConfigProblem(mapping.file(), field.line(), 1, "column '" + column + "' of field " + field.name()
                        + " does not exist in " + system.system() + " table " + system.table(),
                        "add columns: {" + system.system() + ": <column>} (the table has " + columns + ")"));
            }
        }
        return problems;
    }

    private static Set<String> columns(DataSource dataSource, String table) throws SQLException {
        Set<String> columns = new TreeSet<>();
        try (Connection c = dataSource.getConnection(); ResultSet rs = c.getMetaData().getColumns(c.getCatalog(), null, table, null)) {
            while (rs.next()) {
                columns.add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        return columns;
    }
}
