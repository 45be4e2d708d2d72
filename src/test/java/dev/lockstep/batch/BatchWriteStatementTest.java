package dev.lockstep.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.deliver.JdbcWriteStatement;
import dev.lockstep.mapping.TargetRow;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.component.sql.DefaultSqlPrepareStatementStrategy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The parameter count the batch step gives camel-sql (in place of asking the database) is the
 * number of placeholders camel-sql itself sends, for every kind of write.
 */
class BatchWriteStatementTest {

    @ParameterizedTest
    @EnumSource(value = TargetRow.Write.class, names = {"UPSERT", "SOFT_DELETE", "HARD_DELETE"})
    void theCountIsThePlaceholdersCamelSqlSends(TargetRow.Write write) throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("customer_ref", "C-1");
        values.put("email", "ada@example.com");
        values.put("full_name", "Ada Lovelace");
        values.put("deleted_at", Instant.parse("2026-11-26T10:00:00Z"));
        String sql = JdbcWriteStatement.sql(new TargetRow(write, "billing_customer", "customer_ref", "synced_at", values));

        String sent = new DefaultSqlPrepareStatementStrategy().prepareQuery(sql, true, null);

        assertThat(JdbcWriteStatement.parameterCount(sql))
                .as(sql)
                .isEqualTo(sent.chars().filter(c -> c == '?').count())
                .isEqualTo(write == TargetRow.Write.HARD_DELETE ? 1 : values.size());
    }
}
