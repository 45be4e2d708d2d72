package dev.lockstep.tablesync;

import dev.lockstep.batch.WriteGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The deliver step of a table pair: the page's writes as JDBC batches (one per statement shape) in one
 * transaction of the target, so a page is in the target whole or not at all. A PostgreSQL target's
 * driver sends them as multi-row inserts ({@code reWriteBatchedInserts}, on by default: DataSourcesConfig).
 *
 * <p>Why not camel-sql's batch mode, as the webhook pairs use: it parses the statement's named
 * parameters again for every row, which a profile of a 100,000-row load showed as the largest share of
 * Lockstep's own CPU time. Here each statement is turned into positional parameters once per page.
 */
@Component("tableBatchWriter")
public class TableBatchWriter {

    private static final Pattern NAMED = Pattern.compile(":\\?(\\w+)");

    /** A statement with positional parameters, and the parameter names in their order. */
    record Positional(String sql, List<String> names) {

        static Positional of(String named) {
            List<String> names = new ArrayList<>();
            Matcher m = NAMED.matcher(named);
            StringBuilder sql = new StringBuilder();
            while (m.find()) {
                names.add(m.group(1));
                m.appendReplacement(sql, "?");
            }
            m.appendTail(sql);
            return new Positional(sql.toString(), names);
        }

        Object[] args(Map<String, Object> parameters) {
            Object[] args = new Object[names.size()];
            for (int i = 0; i < args.length; i++) {
                args[i] = parameters.get(names.get(i));
            }
            return args;
        }
    }

    public void write(Exchange exchange) {
        TableRun run = exchange.getProperty(TableRun.PROPERTY, TableRun.class);
        @SuppressWarnings("unchecked")
        List<WriteGroup> groups = exchange.getMessage().getBody(List.class);
        if (groups == null || groups.isEmpty()) {
            return;
        }
        JdbcTemplate target = new JdbcTemplate(run.pair.target());
        new TransactionTemplate(new DataSourceTransactionManager(run.pair.target())).executeWithoutResult(status -> {
            for (WriteGroup group : groups) {
                Positional statement = Positional.of(group.sql());
                List<Object[]> rows = new ArrayList<>(group.parameters().size());
                group.parameters().forEach(p -> rows.add(statement.args(p)));
                target.batchUpdate(statement.sql(), rows);
            }
        });
    }
}
