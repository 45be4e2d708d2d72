package dev.lockstep.accounting;

import dev.lockstep.deliver.http.BatchHttpRetry;
import dev.lockstep.deliver.http.HttpFailureKind;
import dev.lockstep.deliver.http.HttpFailures;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * The deliver step of a batch: sends its bulk request through {@code direct:billing-to-accounting-call}
 * (the circuit breaker lives there), retried by {@link BatchHttpRetry}, and hands the answer to
 * {@link AccountingBatchResult}. A request the API refused as a whole (a 4xx other than a rate
 * limit) fails each of its invoices with the API's answer; anything else that is still failing
 * after the retries fails the run, and the batch's events stay pending for the next one.
 */
@Component("accountingBulkCall")
public class AccountingBulkCall implements Processor {

    /** The exchange property counting the run's bulk requests (each counted once, however often it was retried). */
    static final String REQUESTS = "lockstepBulkRequests";

    static final String[] REQUEST = {AccountingRequest.METHOD, AccountingRequest.PATH, AccountingRequest.QUERY,
        AccountingRequest.BODY, AccountingRequest.IDEMPOTENCY_KEY};

    private final ProducerTemplate producer;
    private final AccountingBatchResult result;
    private final BatchHttpRetry retry;

    public AccountingBulkCall(CamelContext camel, AccountingBatchResult result, BatchHttpRetry retry) {
        this.producer = camel.createProducerTemplate();
        this.result = result;
        this.retry = retry;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        exchange.setProperty(REQUESTS, exchange.getProperty(REQUESTS, 0, Integer.class) + 1);
        Exchange answer;
        try {
            answer = retry.send(producer, "direct:billing-to-accounting-call", AccountingPair.SYSTEM, call -> {
                for (String property : REQUEST) {
                    call.setProperty(property, exchange.getProperty(property));
                }
            });
        } catch (Exception failure) {
            if (HttpFailures.kindOf(failure) != HttpFailureKind.PERMANENT) {
                throw failure;
            }
            result.refused(exchange, failure);
            return;
        }
        exchange.getMessage().setBody(answer.getMessage().getBody(String.class));
        result.written(exchange);
    }
}
