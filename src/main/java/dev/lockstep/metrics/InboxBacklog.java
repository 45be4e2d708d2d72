package dev.lockstep.metrics;

import dev.lockstep.mapping.MappingRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What is waiting in the inbox, per pair, read from the database so every replica reports the same
 * backlog: the gauges {@code lockstep.inbox.pending} (events accepted and not yet processed),
 * {@code lockstep.inbox.lag} (seconds since the oldest of them was accepted; 0 when none wait) and
 * {@code lockstep.dead_letters.open}; and for every polled system of a pair, {@code lockstep.cursor.lag}
 * (seconds since the pair last read that system up to date and saved its cursor: it grows when
 * polls stall or fail, and between the runs of a nightly pair).
 *
 * <p>One query per {@code lockstep.metrics.backlog-refresh} at most (2 s), whatever the number of
 * gauges and scrapers: both queries use the partial indexes on pending rows and open dead letters.
 */
@Component
public class InboxBacklog {

    /** The backlog of one pair. {@code oldestPending} is null when nothing waits. */
    public record Backlog(long pending, Instant oldestPending, long openDeadLetters) {

        static final Backlog NONE = new Backlog(0, null, 0);

        /** Seconds the oldest pending event has waited, at {@code now}; 0 when none waits. */
        public double lagSeconds(Instant now) {
            return oldestPending == null ? 0 : Math.max(0, Duration.between(oldestPending, now).toMillis() / 1000.0);
        }
    }

    private record Snapshot(Map<String, Backlog> byPair, Map<String, Instant> cursorSaved, long takenAtNanos) {
    }

    private static final String PENDING = """
            SELECT pair, count(*) AS pending, min(received_at) AS oldest FROM inbox_event WHERE status = 'PENDING' GROUP BY pair""";
    private static final String CURSORS = "SELECT pair, system, updated_at FROM poll_cursor";
    private static final String OPEN_DEAD_LETTERS = "SELECT pair, count(*) AS open FROM dead_letter WHERE status = 'OPEN' GROUP BY pair";

    private final JdbcTemplate jdbc;
    private final MeterRegistry registry;
    private final MappingRegistry mappings;
    private final long refreshNanos;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final Set<String> registeredCursors = ConcurrentHashMap.newKeySet();
    private volatile Snapshot snapshot;

    public InboxBacklog(JdbcTemplate jdbc, MeterRegistry registry, MappingRegistry mappings,
                        @Value("${lockstep.metrics.backlog-refresh:2s}") Duration refresh) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.mappings = mappings;
        this.refreshNanos = refresh.toNanos();
        mappings.all().keySet().forEach(this::registerGauges);
    }

    /** The backlog of every pair that has a mapping or pending events, read now. */
    public Map<String, Backlog> read() {
        Map<String, Backlog> byPair = new HashMap<>();
        mappings.all().keySet().forEach(pair -> byPair.put(pair, Backlog.NONE));
        jdbc.query(PENDING, rs -> {
            var oldest = rs.getTimestamp("oldest");
            byPair.put(rs.getString("pair"), new Backlog(rs.getLong("pending"), oldest == null ? null : oldest.toInstant(), 0));
        });
        jdbc.query(OPEN_DEAD_LETTERS, rs -> {
            Backlog b = byPair.getOrDefault(rs.getString("pair"), Backlog.NONE);
            byPair.put(rs.getString("pair"), new Backlog(b.pending(), b.oldestPending(), rs.getLong("open")));
        });
        Map<String, Instant> cursorSaved = new HashMap<>();
        jdbc.query(CURSORS, rs -> {
            cursorSaved.put(rs.getString("pair") + "\u0000" + rs.getString("system"), rs.getTimestamp("updated_at").toInstant());
        });
        snapshot = new Snapshot(byPair, cursorSaved, System.nanoTime());
        byPair.keySet().forEach(this::registerGauges);
        cursorSaved.keySet().forEach(this::registerCursorGauge);
        return byPair;
    }

    private Backlog cached(String pair) {
        return fresh().byPair().getOrDefault(pair, Backlog.NONE);
    }

    private Snapshot fresh() {
        Snapshot s = snapshot;
        if (s == null || System.nanoTime() - s.takenAtNanos() > refreshNanos) {
            synchronized (this) {
                s = snapshot;
                if (s == null || System.nanoTime() - s.takenAtNanos() > refreshNanos) {
                    read();
                    s = snapshot;
                }
            }
        }
        return s;
    }

    /** Seconds since the pair last saved its cursor for the system (pair and system joined by a NUL). */
    private double cursorLag(String key) {
        try {
            Instant saved = fresh().cursorSaved().get(key);
            return saved == null ? Double.NaN : Math.max(0, Duration.between(saved, Instant.now()).toMillis() / 1000.0);
        } catch (DataAccessException e) {
            return Double.NaN;
        }
    }

    private void registerCursorGauge(String key) {
        if (!registeredCursors.add(key)) {
            return;
        }
        String[] pairAndSystem = key.split("\u0000", 2);
        Gauge.builder("lockstep.cursor.lag", this, b -> b.cursorLag(key))
                .description("Seconds since the pair last read this system up to date (its poll cursor saved)").baseUnit("seconds")
                .tag("pair", pairAndSystem[0]).tag("system", pairAndSystem[1]).register(registry);
    }

    /** A gauge that cannot read the database reports NaN ("unknown"), not a misleading 0. */
    private double gauge(String pair, java.util.function.ToDoubleFunction<Backlog> value) {
        try {
            return value.applyAsDouble(cached(pair));
        } catch (DataAccessException e) {
            return Double.NaN;
        }
    }

    private void registerGauges(String pair) {
        if (!registered.add(pair)) {
            return;
        }
        Gauge.builder("lockstep.inbox.pending", this, b -> b.gauge(pair, Backlog::pending))
                .description("Events accepted and not yet processed").tag("pair", pair).register(registry);
        Gauge.builder("lockstep.inbox.lag", this, b -> b.gauge(pair, x -> x.lagSeconds(Instant.now())))
                .description("Age of the oldest pending event (0 when none waits)").baseUnit("seconds")
                .tag("pair", pair).register(registry);
        Gauge.builder("lockstep.dead_letters.open", this, b -> b.gauge(pair, Backlog::openDeadLetters))
                .description("Open dead letters").tag("pair", pair).register(registry);
    }
}
