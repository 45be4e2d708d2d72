package dev.lockstep.inbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.event.ChangeEvent;
import dev.lockstep.metrics.PairMetrics;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Commits accepted events to the inbox in groups: concurrent webhook requests queue their event,
 * one writer thread inserts everything queued in a single multi-row {@code INSERT ... ON CONFLICT
 * DO NOTHING RETURNING} and one commit, then answers each request with whether its event was new.
 *
 * <p>Why: with one transaction per event, acceptance is bounded by one disk flush per event
 * (about 900–2,800 events/s on these machines); grouping shares each flush among every request
 * that arrived meanwhile, and a request still waits for its own event's commit before it is
 * answered. Under light load a group is one event, so latency is unchanged.
 */
@Component
public class GroupCommitWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final String INSERT_HEAD =
            "INSERT INTO inbox_event (pair, event_id, source_id, operation, source_version, payload, received_at) VALUES ";
    private static final String ROW = "(?, ?, ?, ?, ?, CAST(? AS jsonb), ?)";
    private static final String INSERT_TAIL = " ON CONFLICT (pair, event_id) DO NOTHING RETURNING pair, event_id";

    /** One request's events (one per pair it feeds), stored together; new when any of them was. */
    private record Pending(List<ChangeEvent> events, List<String> json, CompletableFuture<Boolean> accepted) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final PairMetrics metrics;
    private final IdleInboxBackoff polls;
    private final int maxGroup;
    private final long waitMillis;
    private final BlockingQueue<Pending> queue;
    private volatile boolean running;
    private Thread writer;

    public GroupCommitWriter(JdbcTemplate jdbc, ObjectMapper json, PairMetrics metrics, IdleInboxBackoff polls,
                             @Value("${lockstep.inbox.max-group:500}") int maxGroup,
                             @Value("${lockstep.inbox.accept-timeout-ms:10000}") long waitMillis) {
        this.jdbc = jdbc;
        this.json = json;
        this.metrics = metrics;
        this.polls = polls;
        this.maxGroup = maxGroup;
        this.waitMillis = waitMillis;
        this.queue = new ArrayBlockingQueue<>(maxGroup * 20);
    }

    /**
     * Stores the event durably and returns true, or false when its event id was already stored.
     * Returns only after the commit.
     *
     * @throws IllegalStateException when the event could not be stored (the caller answers 503)
     */
    public boolean accept(ChangeEvent event) {
        return accept(List.of(event));
    }

    /**
     * Stores the events of one request (the same event for each pair it feeds) in the same commit;
     * true when any of them was new. Returns only after the commit.
     */
    public boolean accept(List<ChangeEvent> events) {
        if (!running) {
            throw new IllegalStateException("the inbox is not accepting events (Lockstep is stopping)");
        }
        Pending pending;
        List<String> payloads = new ArrayList<>(events.size());
        for (ChangeEvent event : events) {
            try {
                payloads.add(json.writeValueAsString(event));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("Event " + event.eventId() + " cannot be stored as JSON", e);
            }
        }
        pending = new Pending(List.copyOf(events), payloads, new CompletableFuture<>());
        try {
            if (!queue.offer(pending, waitMillis, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the inbox is overloaded: no room within " + waitMillis + " ms");
            }
            return pending.accepted().get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing the event", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the event could not be stored: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            // The group may still commit; the sender's retry is then answered as a duplicate.
            throw new IllegalStateException("the event was not confirmed stored within " + waitMillis + " ms", e);
        }
    }

    private void writeLoop() {
        List<Pending> group = new ArrayList<>(maxGroup);
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, maxGroup - 1);
                commit(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Could not store {} event(s): {}", group.size(), e.getMessage());
                group.forEach(p -> p.accepted().completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
    }

    /**
     * Commits the group, trying once more on a fresh connection when the first one turns out to be
     * dead (the database restarted or killed it): the insert is idempotent, and the sender should
     * not get a 503 just because the pool still held a connection from before the outage.
     */
    private void commit(List<Pending> group) {
        try {
            insert(group);
        } catch (org.springframework.dao.DataAccessException e) {
            if (!brokenConnection(e)) {
                throw e;
            }
            log.info("Inbox connection was broken ({}); retrying the group once", e.getMostSpecificCause().getMessage());
            insert(group);
        }
    }

    /** SQLSTATE class 08 (connection exception) or 57P (operator intervention: terminated, shutting down). */
    static boolean brokenConnection(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /** One statement, one commit (autocommit) for the whole group. */
    private void insert(List<Pending> group) {
        StringBuilder sql = new StringBuilder(INSERT_HEAD);
        List<Object> args = new ArrayList<>(group.size() * 7);
        int rows = 0;
        for (Pending p : group) {
            for (int j = 0; j < p.events().size(); j++) {
                ChangeEvent e = p.events().get(j);
                sql.append(rows++ == 0 ? "" : ", ").append(ROW);
                args.add(e.pair());
                args.add(e.eventId());
                args.add(e.sourceId());
                args.add(e.operation().name());
                args.add(Timestamp.from(e.sourceVersion()));
                args.add(p.json().get(j));
                args.add(Timestamp.from(e.receivedAt()));
            }
        }
        sql.append(INSERT_TAIL);
        Set<String> inserted = new HashSet<>(jdbc.query(sql.toString(), (rs, n) -> rs.getString(1) + "\u0000" + rs.getString(2), args.toArray()));
        if (!inserted.isEmpty()) {
            // Committed: a backed-off inbox poll runs at its next tick, not up to five ticks later.
            polls.eventsArrived();
        }
        // The same event twice in one group: the first is new, the others are duplicates.
        java.util.Map<String, int[]> perPair = new java.util.HashMap<>();
        for (Pending p : group) {
            boolean fresh = false;
            for (ChangeEvent e : p.events()) {
                boolean isNew = inserted.remove(e.pair() + "\u0000" + e.eventId());
                perPair.computeIfAbsent(e.pair(), k -> new int[2])[isNew ? 0 : 1]++;
                fresh |= isNew;
            }
            p.accepted().complete(fresh);
        }
        perPair.forEach((pair, counts) -> metrics.received(pair, counts[0], counts[1]));
        metrics.inboxCommit(group.size());
    }

    @Override
    public synchronized void start() {
        running = true;
        writer = new Thread(this::writeLoop, "lockstep-inbox-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Stops taking events; events already queued are still committed and answered. */
    @Override
    public synchronized void stop() {
        running = false;
        if (writer != null) {
            try {
                writer.join(waitMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server has stopped taking requests, before the database pools close. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
