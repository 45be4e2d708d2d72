package dev.lockstep.inbox;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The inbox polls' back-off, as a poll strategy ({@code pollStrategy: "#idleInboxBackoff"} on a
 * route's {@code sql:} consumer): after {@code lockstep.inbox.backoff-idle-polls} empty polls in a
 * row, only every ({@code lockstep.inbox.backoff-multiplier} + 1)-th scheduled poll runs, until one
 * finds events again.
 *
 * <p>Why not Camel's own {@code backoffIdleThreshold} and {@code backoffMultiplier}: after each
 * back-off Camel resets its count of empty polls, so an idle inbox is polled at full rate for
 * another threshold's worth of polls before it backs off again. With 50 and 4 that skipped 3
 * polls in every 53: an idle inbox was read about 94 times a second, not 20, and three idle
 * pairs took about a tenth of a core.
 *
 * <p>A backed-off inbox would make an event arriving after a quiet spell wait up to five poll
 * delays (50 ms) for its poll. The webhooks' inbox writer says when it has committed events
 * ({@link #eventsArrived()}), and every backed-off poll then runs at its next tick (10 ms at most)
 * instead; one that finds nothing goes on backing off. The wake-up is for every inbox poll, not only
 * the webhook pairs' (a poll's consumer does not know its pair): while webhooks keep arriving, the
 * other pairs' polls run at their full rate, as they all did before this strategy. Events stored by
 * another replica, by a file import or a replay are found by the backed-off polls as before.
 *
 * <p>Each consumer's count is its own (one bean serves every inbox poll); a consumer polls from
 * one scheduler thread at a time, and routes reloaded get new consumers, whose old entries go with
 * them.
 */
@Component("idleInboxBackoff")
public class IdleInboxBackoff implements PollingConsumerPollStrategy {

    /** One consumer's empty polls in a row, the scheduled polls skipped since the last one run, and the wake-ups it has seen. */
    private static final class Idle {
        long emptyPolls;
        int skipped;
        long wakeUpsSeen;
    }

    private final long idleAfter;
    private final int skip;
    private final Map<Consumer, Idle> consumers = Collections.synchronizedMap(new WeakHashMap<>());
    private final AtomicLong wakeUps = new AtomicLong();

    public IdleInboxBackoff(@Value("${lockstep.inbox.backoff-idle-polls:50}") long idleAfter,
                            @Value("${lockstep.inbox.backoff-multiplier:4}") int skip) {
        if (idleAfter < 1 || skip < 0) {
            throw new IllegalArgumentException("lockstep.inbox.backoff-idle-polls must be at least 1 and "
                    + "lockstep.inbox.backoff-multiplier at least 0, not " + idleAfter + " and " + skip);
        }
        this.idleAfter = idleAfter;
        this.skip = skip;
    }

    /** Events were committed to the inbox: every inbox poll runs at its next tick, backed off or not. */
    public void eventsArrived() {
        wakeUps.incrementAndGet();
    }

    /**
     * Whether this scheduled poll runs: always while the inbox is busy, every (skip + 1)-th once it
     * is idle, and the first one after events arrived.
     */
    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        Idle idle = consumers.computeIfAbsent(consumer, c -> new Idle());
        long wakeUpsNow = wakeUps.get();
        boolean woken = wakeUpsNow != idle.wakeUpsSeen;
        idle.wakeUpsSeen = wakeUpsNow;
        if (woken || idle.emptyPolls < idleAfter || idle.skipped >= skip) {
            idle.skipped = 0;
            return true;
        }
        idle.skipped++;
        return false;
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        Idle idle = consumers.computeIfAbsent(consumer, c -> new Idle());
        idle.emptyPolls = polledMessages > 0 ? 0 : idle.emptyPolls + 1;
    }

    /** A failed poll is not retried at once (as Camel's default strategy); the next scheduled poll runs as usual. */
    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        return false;
    }
}
