package dev.lockstep.twoway;

import dev.lockstep.resolve.ChangeNotice;
import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The coalescing aggregation strategy of two-way pairs: every change to one record inside the
 * window is folded into one {@link ChangeNotice} (a polled {@link Observation} or a notice from the
 * API), so the record is resolved and written once per burst.
 */
@Component("changeCoalescer")
public class ChangeCoalescer implements AggregationStrategy {

    @Override
    public Exchange aggregate(Exchange held, Exchange arriving) {
        ChangeNotice notice = notice(arriving);
        if (held == null) {
            arriving.getMessage().setBody(notice);
            return arriving;
        }
        held.getMessage().setBody(held.getMessage().getBody(ChangeNotice.class).fold(notice));
        return held;
    }

    private static ChangeNotice notice(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof Observation o) {
            return ChangeNotice.of(o.pair(), o.key(), o.system());
        }
        if (body instanceof ChangeNotice n) {
            return n;
        }
        throw new IllegalArgumentException("not a change of a two-way record: " + body);
    }
}
