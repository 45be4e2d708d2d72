package dev.lockstep.batch;

import dev.lockstep.deliver.JdbcWriteStatement;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.sql.SqlConstants;
import org.springframework.stereotype.Component;

/**
 * Prepares one {@link WriteGroup} for a camel-sql endpoint in batch mode with
 * {@code useMessageBodyForSql=true}: the statement as the body, the records' parameter maps as the
 * {@code CamelSqlParameters} header. (Inbound HTTP headers never reach a pipeline exchange, so only
 * this step sets it.) The statement's parameter count goes to {@link #PARAMETERS_COUNT}, for the
 * endpoint's {@code parametersCount}.
 */
@Component("batchWriteStatement")
public class BatchWriteStatement implements Processor {

    /** The exchange property holding how many parameters the statement binds per record. */
    public static final String PARAMETERS_COUNT = "lockstepSqlParametersCount";

    @Override
    public void process(Exchange exchange) throws Exception {
        WriteGroup group = exchange.getMessage().getMandatoryBody(WriteGroup.class);
        Message message = exchange.getMessage();
        message.setHeader(SqlConstants.SQL_PARAMETERS, group.parameters().iterator());
        message.setBody(group.sql());
        exchange.setProperty(PARAMETERS_COUNT, JdbcWriteStatement.parameterCount(group.sql()));
    }
}
