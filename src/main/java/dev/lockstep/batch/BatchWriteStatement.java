package dev.lockstep.batch;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.sql.SqlConstants;
import org.springframework.stereotype.Component;

/**
 * Prepares one {@link WriteGroup} for a camel-sql endpoint in batch mode with
 * {@code useMessageBodyForSql=true}: the statement as the body, the records' parameter maps as the
 * {@code CamelSqlParameters} header. (Inbound HTTP headers never reach a pipeline exchange, so only
 * this step sets it.)
 */
@Component("batchWriteStatement")
public class BatchWriteStatement implements Processor {

    @Override
    public void process(Exchange exchange) throws Exception {
        WriteGroup group = exchange.getMessage().getMandatoryBody(WriteGroup.class);
        Message message = exchange.getMessage();
        message.setHeader(SqlConstants.SQL_PARAMETERS, group.parameters().iterator());
        message.setBody(group.sql());
    }
}
