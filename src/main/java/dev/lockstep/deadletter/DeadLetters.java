package dev.lockstep.deadletter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Reading, replaying and discarding dead letters. */
@Component
public class DeadLetters {

    /** One dead letter as the API shows it. */
    public record DeadLetter(long id, String pair, long inboxId, String eventId, String sourceId, String routeId,
                             String step, JsonNode payload, String exceptionClass, String exceptionMessage,
                             int attempts, Instant firstFailedAt, Instant lastFailedAt, String status,
                             Instant replayedAt, int replayCount) {
    }

    /** How a replay or discard request ended. */
    public enum Change { DONE, NOT_FOUND, NOT_OPEN }

    private static final String COLUMNS = """
            id, pair, inbox_id, event_id, source_id, route_id, step, payload::text AS payload, exception_class,
            exception_message, attempts, first_failed_at, last_failed_at, status, replayed_at, replay_count""";
    private static final String FILTER = " WHERE (CAST(? AS text) IS NULL OR pair = ?) AND (CAST(? AS text) IS NULL OR status = ?)"
            + " AND (CAST(? AS timestamptz) IS NULL OR first_failed_at <= ?) AND (CAST(? AS timestamptz) IS NULL OR first_failed_at >= ?)";
    private static final String LIST = "SELECT " + COLUMNS + " FROM dead_letter" + FILTER + " ORDER BY id DESC LIMIT ?";
    private static final String GET = "SELECT " + COLUMNS + " FROM dead_letter WHERE id = ?";
    // The status guard makes a replay happen once however many requests race for it.
    private static final String TAKE_FOR_REPLAY = """
            UPDATE dead_letter SET status = 'REPLAYED', replayed_at = now(), replay_count = replay_count + 1
            WHERE id = ? AND status = 'OPEN' RETURNING inbox_id, pair, source_id""";
    private static final String TAKE_ALL_FOR_REPLAY = "UPDATE dead_letter SET status = 'REPLAYED', replayed_at = now(),"
            + " replay_count = replay_count + 1 WHERE id IN (SELECT id FROM dead_letter" + FILTER + " ORDER BY id LIMIT ?)"
            + " RETURNING inbox_id, pair, source_id, id";
    private static final String REQUEUE = "UPDATE inbox_event SET status = 'PENDING', processed_at = NULL WHERE id = ?";
    // Held events go back too: they are behind the replayed one (larger ids), so they stay in order.
    private static final String RELEASE_HELD = "UPDATE inbox_event SET status = 'PENDING', processed_at = NULL"
            + " WHERE pair = ? AND source_id = ? AND status = 'HELD'";
    private static final String DISCARD = "UPDATE dead_letter SET status = 'DISCARDED' WHERE id = ? AND status = 'OPEN'"
            + " RETURNING pair, source_id";
    private static final String EXISTS = "SELECT count(*) FROM dead_letter WHERE id = ?";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ObjectMapper json;

    public DeadLetters(JdbcTemplate jdbc, TransactionTemplate tx, ObjectMapper json) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
    }

    /** A filter on dead letters; null parts match everything. Age counts from the first failure. */
    public record Filter(String pair, String status, java.time.Duration minAge, java.time.Duration maxAge) {
        Object[] args(java.time.Instant now) {
            Object olderThan = minAge == null ? null : java.sql.Timestamp.from(now.minus(minAge));
            Object newerThan = maxAge == null ? null : java.sql.Timestamp.from(now.minus(maxAge));
            return new Object[] {pair, pair, status, status, olderThan, olderThan, newerThan, newerThan};
        }
    }

    public List<DeadLetter> list(Filter filter, int limit) {
        return jdbc.query(LIST, this::row, append(filter.args(java.time.Instant.now()), limit));
    }

    /** Replays every open dead letter matching the filter (oldest first, at most {@code limit}); their ids. */
    public List<Long> replayAll(Filter filter, int limit) {
        Filter open = new Filter(filter.pair(), "OPEN", filter.minAge(), filter.maxAge());
        return tx.execute(status -> {
            List<Long> ids = new java.util.ArrayList<>();
            jdbc.query(TAKE_ALL_FOR_REPLAY, rs -> {
                requeue(rs.getLong(1), rs.getString(2), rs.getString(3));
                ids.add(rs.getLong(4));
            }, append(open.args(java.time.Instant.now()), limit));
            return ids;
        });
    }

    private void requeue(long inboxId, String pair, String sourceId) {
        jdbc.update(REQUEUE, inboxId);
        jdbc.update(RELEASE_HELD, pair, sourceId);
    }

    private static Object[] append(Object[] args, Object last) {
        Object[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }

    public Optional<DeadLetter> get(long id) {
        return jdbc.query(GET, this::row, id).stream().findFirst();
    }

    /**
     * Hands an open dead letter's event back to its pipeline: the inbox row becomes pending again
     * and is processed by the pair's route like a new arrival (ordering rules included). If it fails
     * again, the same dead letter reopens.
     */
    public Change replay(long id) {
        return tx.execute(status -> {
            List<Boolean> taken = jdbc.query(TAKE_FOR_REPLAY, (rs, n) -> {
                requeue(rs.getLong(1), rs.getString(2), rs.getString(3));
                return true;
            }, id);
            if (taken.isEmpty()) {
                return exists(id) ? Change.NOT_OPEN : Change.NOT_FOUND;
            }
            return Change.DONE;
        });
    }

    /** Discards an open dead letter; the record's held events go on through the pipeline. */
    public Change discard(long id) {
        return tx.execute(status -> {
            List<Boolean> discarded = jdbc.query(DISCARD, (rs, n) -> {
                jdbc.update(RELEASE_HELD, rs.getString(1), rs.getString(2));
                return true;
            }, id);
            if (discarded.isEmpty()) {
                return exists(id) ? Change.NOT_OPEN : Change.NOT_FOUND;
            }
            return Change.DONE;
        });
    }

    private boolean exists(long id) {
        Integer n = jdbc.queryForObject(EXISTS, Integer.class, id);
        return n != null && n > 0;
    }

    private DeadLetter row(ResultSet rs, int i) throws SQLException {
        try {
            return new DeadLetter(rs.getLong("id"), rs.getString("pair"), rs.getLong("inbox_id"), rs.getString("event_id"),
                    rs.getString("source_id"), rs.getString("route_id"), rs.getString("step"), json.readTree(rs.getString("payload")),
                    rs.getString("exception_class"), rs.getString("exception_message"), rs.getInt("attempts"),
                    rs.getTimestamp("first_failed_at").toInstant(), rs.getTimestamp("last_failed_at").toInstant(),
                    rs.getString("status"), rs.getTimestamp("replayed_at") == null ? null : rs.getTimestamp("replayed_at").toInstant(),
                    rs.getInt("replay_count"));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("Unreadable payload of dead letter " + rs.getLong("id"), e);
        }
    }
}
