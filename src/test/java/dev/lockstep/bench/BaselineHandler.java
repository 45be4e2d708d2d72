package dev.lockstep.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lockstep.db.BillingDemoSchema;
import dev.lockstep.db.PerExecutionPlan;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The benchmark's baseline: the least code that does what Lockstep's crm-to-billing pair does on
 * the same databases, into tables of the same shape, grouped the same way — a durable insert of each
 * webhook before answering 202 (one writer, one multi-row insert and commit per group), then a poller
 * that upserts each poll of pending events into the target table as one batch and marks them done.
 * No Camel, no mapping file, no ledger, no cleanup, no checks.
 */
final class BaselineHandler implements AutoCloseable {

    private record Pending(String eventId, String id, Timestamp version, String json, CompletableFuture<Boolean> done) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final JdbcTemplate state;
    private final JdbcTemplate target;
    private final HttpServer server;
    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(10_000);
    private volatile boolean running = true;
    private final Thread writer;
    private final Thread poller;

    private final int batchSize;

    /** {@code batchSize}: events applied per poll at most, as Lockstep's {@code lockstep.inbox.batch-size}. */
    BaselineHandler(DataSource stateDb, DataSource targetDb, int batchSize) throws IOException {
        this.batchSize = batchSize;
        state = new JdbcTemplate(stateDb);
        target = new JdbcTemplate(targetDb);
        // The same tables as Lockstep's, with the same columns, keys and indexes, made from Lockstep's
        // own schema (its migrations; billing's demo schema), so both sides pay the same per insert and update.
        Flyway.configure().dataSource(stateDb).load().migrate();
        new BillingDemoSchema(targetDb);
        state.execute("CREATE TABLE IF NOT EXISTS baseline_inbox (LIKE inbox_event INCLUDING ALL)");
        target.execute("CREATE TABLE IF NOT EXISTS baseline_customer (LIKE billing_customer INCLUDING ALL)");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(Executors.newFixedThreadPool(200));
        server.createContext("/webhooks/crm/contacts", this::handle);
        server.start();
        writer = new Thread(this::writeLoop, "baseline-writer");
        poller = new Thread(this::pollLoop, "baseline-poller");
        writer.start();
        poller.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/webhooks/crm/contacts";
    }

    private void handle(HttpExchange http) throws IOException {
        int status;
        try {
            JsonNode body = json.readTree(http.getRequestBody());
            Pending p = new Pending(body.path("eventId").asText(), body.path("id").asText(),
                    Timestamp.from(Instant.parse(body.path("updatedAt").asText())), body.toString(), new CompletableFuture<>());
            queue.put(p);
            p.done().get(10, TimeUnit.SECONDS);
            status = 202;
        } catch (Exception e) {
            status = 503;
        }
        http.sendResponseHeaders(status, -1);
        http.close();
    }

    private void writeLoop() {
        List<Pending> group = new ArrayList<>();
        while (running) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, 499);
                StringBuilder sql = new StringBuilder(
                        "INSERT INTO baseline_inbox (pair, event_id, source_id, operation, source_version, payload) VALUES ");
                List<Object> args = new ArrayList<>();
                for (int i = 0; i < group.size(); i++) {
                    sql.append(i == 0 ? "" : ", ").append("('crm-to-billing', ?, ?, 'UPSERT', ?, CAST(? AS jsonb))");
                    args.add(group.get(i).eventId());
                    args.add(group.get(i).id());
                    args.add(group.get(i).version());
                    args.add(group.get(i).json());
                }
                state.update(sql + " ON CONFLICT (pair, event_id) DO NOTHING", args.toArray());
                group.forEach(p -> p.done().complete(true));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                group.forEach(p -> p.done().completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
    }

    /**
     * Applies pending events as Lockstep's pipeline does, with the same grouping: a poll of up to
     * {@code batchSize} in arrival order, one batched upsert into the target and one statement marking them done,
     * polling again at once while polls find events and after 10 ms when the inbox is empty.
     */
    private void pollLoop() {
        String upsert = "INSERT INTO baseline_customer (customer_ref, email, full_name, phone, crm_updated_at, synced_at)"
                + " VALUES (?, ?, ?, ?, ?, now()) ON CONFLICT (customer_ref) DO UPDATE SET email = EXCLUDED.email,"
                + " full_name = EXCLUDED.full_name, phone = EXCLUDED.phone, crm_updated_at = EXCLUDED.crm_updated_at, synced_at = now()";
        while (running) {
            try {
                List<Object[]> rows = state.query("SELECT id, payload::text FROM baseline_inbox WHERE pair = 'crm-to-billing' AND status = 'PENDING' ORDER BY id LIMIT " + batchSize,
                        (rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)});
                if (rows.isEmpty()) {
                    Thread.sleep(10);
                    continue;
                }
                // The latest event per record, so one batch never upserts a row twice.
                java.util.Map<String, Object[]> latest = new java.util.LinkedHashMap<>();
                for (Object[] row : rows) {
                    JsonNode event = json.readTree((String) row[1]);
                    latest.put(event.path("id").asText(), new Object[] {event.path("id").asText(),
                            event.path("email").asText().trim().toLowerCase(),
                            (event.path("firstName").asText() + " " + event.path("lastName").asText()).trim(),
                            event.path("phone").asText(),
                            Timestamp.from(Instant.parse(event.path("updatedAt").asText()))});
                }
                target.batchUpdate(upsert, new ArrayList<>(latest.values()));
                // Planned per execution, as Lockstep's batch statements are: a generic plan made while the
                // table was small is a sequential scan (150 ms per update at 100,000 rows in one run).
                state.update(PerExecutionPlan.of("UPDATE baseline_inbox SET status = 'APPLIED', processed_at = now() WHERE id = ANY (?)",
                        (Object) rows.stream().map(r -> (Long) r[0]).toArray(Long[]::new)));
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // a benchmark baseline: keep going; a lost row shows up in the figures
            }
        }
    }

    @Override
    public void close() {
        running = false;
        server.stop(0);
        writer.interrupt();
        poller.interrupt();
    }
}
