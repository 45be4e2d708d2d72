package dev.lockstep.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lockstep.event.ChangeEvent;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The batch path must decide exactly what the one-by-one path decides. Random streams of CRM
 * events (new records, edits, stale and same-time versions, deletes and revivals, invalid e-mails,
 * two records sharing an e-mail) are applied twice: once as one inbox poll through the batch path,
 * and once event by event through the one-by-one route. Every event's outcome, every billing row
 * and every ledger entry must come out the same (ids, e-mails and event ids differ only by the
 * world's prefix).
 */
class BatchPathEquivalenceTest extends PipelineTestSupport {

    private static final String PAIR = "crm-to-billing";
    private static final Instant BASE = Instant.parse("2026-11-26T10:00:00Z");
    private static final List<String> NAMES = List.of("Ada", "Grace", "Alan");

    @Autowired
    ProducerTemplate producer;

    @Autowired
    TransactionTemplate tx;

    record Planned(int record, String email, String first, Instant updatedAt, boolean delete) {
    }

    @Test
    void randomStreamsComeOutTheSameThroughTheBatchAndOneByOne() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        int events = 0;
        int batched = 0;
        for (int round = 0; round < 10; round++) {
            String tag = Long.toHexString(random.nextLong() & 0xffffffL);
            List<Planned> stream = stream(random);

            // One transaction: the poller sees the whole stream at once, as one batch.
            List<Long> batchIds = tx.execute(status -> insert(tag, "b", stream, "PENDING"));
            await().atMost(Duration.ofSeconds(30)).until(() -> lockstep.queryForObject(
                    "SELECT count(*) FROM inbox_event WHERE id = ANY (?) AND status = 'PENDING'", Integer.class,
                    (Object) batchIds.toArray(Long[]::new)) == 0);
            List<String> batchOutcomes = outcomes(batchIds);
            Map<String, List<Object>> batchRows = billingRows(tag);
            Map<String, List<Object>> batchLedger = ledger(tag);
            int batchedTogether = largestCommitGroup(batchIds);

            // The same records and values again from scratch, event by event through the one-by-one route.
            billing.update("DELETE FROM billing_customer WHERE customer_ref LIKE ?", tag + "-%");
            lockstep.update("DELETE FROM sync_record WHERE pair = ? AND source_id LIKE ?", PAIR, tag + "-%");
            // A record dead-lettered above (e.g. its new e-mail is another customer's) must not hold its events below.
            lockstep.update("UPDATE dead_letter SET status = 'DISCARDED' WHERE pair = ? AND source_id LIKE ?", PAIR, tag + "-%");
            List<Long> oneByOneIds = insert(tag, "o", stream, "TEST");
            for (long id : oneByOneIds) {
                producer.sendBody("direct:crm-to-billing-one-by-one", lockstep.queryForMap(
                        "SELECT id, CAST(payload AS text) AS payload FROM inbox_event WHERE id = ?", id));
            }

            String context = "seed " + seed + ", round " + round + ", stream " + stream;
            assertThat(batchOutcomes).as(context).isEqualTo(outcomes(oneByOneIds));
            assertThat(batchRows).as(context).isEqualTo(billingRows(tag));
            assertThat(batchLedger).as(context).isEqualTo(ledger(tag));
            events += stream.size();
            batched += batchedTogether;
        }
        // Records with bad data, shared e-mails or several writes in one poll go one by one; the rest must not.
        assertThat(batched).as("events closed together by the batch path, of " + events + " (seed " + seed + ")")
                .isGreaterThanOrEqualTo(events / 4);
    }

    /** 8–30 events over 6 records: edits with repeated and older times, deletes, bad and shared e-mails. */
    private static List<Planned> stream(Random random) {
        int records = 6;
        List<Planned> events = new ArrayList<>();
        int count = 8 + random.nextInt(23);
        for (int i = 0; i < count; i++) {
            int record = random.nextInt(records);
            int kind = random.nextInt(20);
            String email = switch (kind) {
                case 0 -> "not-an-email";
                case 1 -> "shared@example.com";
                default -> "r" + record + "@example.com";
            };
            Instant at = BASE.plusSeconds(60L * random.nextInt(4));
            events.add(new Planned(record, email, NAMES.get(random.nextInt(NAMES.size())), at, kind == 2 || kind == 3));
        }
        return events;
    }

    /** Stores the stream as inbox rows (event ids {@code <world><tag>-e<n>}) and returns their ids in order. */
    private List<Long> insert(String tag, String world, List<Planned> stream, String status) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < stream.size(); i++) {
            Planned p = stream.get(i);
            Map<String, Object> fields = new LinkedHashMap<>();
            String sourceId = tag + "-R" + p.record();
            String eventId = world + tag + "-e" + i;
            fields.put("eventId", eventId);
            fields.put("id", sourceId);
            if (!p.delete()) {
                fields.put("email", p.email().contains("@") ? tag + "-" + p.email() : p.email());
                fields.put("firstName", p.first());
                fields.put("lastName", "Lovelace");
                fields.put("phone", "020 7946 0958");
                fields.put("country", "GB");
            }
            fields.put("updatedAt", p.updatedAt().toString());
            fields.put("deleted", p.delete());
            ChangeEvent event = new ChangeEvent(eventId, PAIR, "crm", "contact", sourceId,
                    p.delete() ? ChangeEvent.Operation.DELETE : ChangeEvent.Operation.UPSERT, fields, p.updatedAt(), Instant.now());
            ids.add(insertRow(event, status));
        }
        return ids;
    }

    private Long insertRow(ChangeEvent event, String status) {
        String payload;
        try {
            payload = json.writeValueAsString(event);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return lockstep.queryForObject("""
                INSERT INTO inbox_event (pair, event_id, source_id, operation, source_version, payload, status)
                VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb), ?) RETURNING id""", Long.class,
                event.pair(), event.eventId(), event.sourceId(), event.operation().name(), Timestamp.from(event.sourceVersion()),
                payload, status);
    }

    private List<String> outcomes(List<Long> ids) {
        Map<Long, String> byId = new HashMap<>();
        lockstep.query("SELECT id, status FROM inbox_event WHERE id = ANY (?)", rs -> {
            byId.put(rs.getLong(1), rs.getString(2));
        }, (Object) ids.toArray(Long[]::new));
        return ids.stream().map(byId::get).toList();
    }

    private Map<String, List<Object>> billingRows(String tag) {
        Map<String, List<Object>> rows = new TreeMap<>();
        billing.query("SELECT customer_ref, email, full_name, phone, crm_updated_at, deleted_at FROM billing_customer"
                + " WHERE customer_ref LIKE ?", rs -> {
            rows.put(rs.getString(1), java.util.Arrays.asList(rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getTimestamp(5), rs.getTimestamp(6)));
        }, tag + "-%");
        return rows;
    }

    /** The ledger entries of the round's records; the last event named by its number (event ids differ by world). */
    private Map<String, List<Object>> ledger(String tag) {
        Map<String, List<Object>> entries = new TreeMap<>();
        lockstep.query("SELECT source_id, target_id, source_version, content_hash, deleted, last_event_id FROM sync_record"
                + " WHERE pair = ? AND source_id LIKE ?", rs -> {
            String lastEvent = rs.getString(6);
            entries.put(rs.getString(1), List.of(rs.getString(2), rs.getTimestamp(3), rs.getString(4), rs.getBoolean(5),
                    lastEvent.substring(lastEvent.lastIndexOf("-e"))));
        }, PAIR, tag + "-%");
        return entries;
    }

    /** How many of these events were closed by one statement (they share its transaction's now()). */
    private int largestCommitGroup(List<Long> ids) {
        List<Timestamp> closedAt = lockstep.queryForList("SELECT processed_at FROM inbox_event WHERE id = ANY (?)",
                Timestamp.class, (Object) ids.toArray(Long[]::new));
        return closedAt.stream().collect(Collectors.groupingBy(t -> t, Collectors.counting())).values().stream()
                .mapToInt(Long::intValue).max().orElse(0);
    }
}
