package dev.lockstep.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.support.Http;
import dev.lockstep.support.LockstepProcess;
import dev.lockstep.support.TestDatabases;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The batch benchmark ({@code bench/batch-sync ROWS}): N rows in a source PostgreSQL table synced to a
 * target table, three ways, in one run on one PostgreSQL.
 * <ul>
 * <li>W: Lockstep's real pipeline for storefront-orders-to-billing (the application, its route and
 * mapping, started by the API as a backfill): first load, then a re-sync with nothing changed;</li>
 * <li>B0: the same N target rows by plain JDBC batched upserts (1,000 a batch, reWriteBatchedInserts);</li>
 * <li>B1: a straightforward hand-written JDBC program doing W's work: read by keyset pages, map, look
 * the page up in a ledger, upsert the target, write the ledger, commit per page.</li>
 * </ul>
 * Measures and reports; never fails on a figure. Figures go to {@code target/bench/batch-sync-<rows>.json};
 * the last line printed is {@code key=value} figures.
 */
public final class BatchSync {

    static final String PAIR = "storefront-orders-to-billing";
    static final int BATCH = 1000;
    static final Map<String, String> STATUS = Map.of("new", "OPEN", "paid", "PAID", "shipped", "FULFILLED", "cancelled", "VOID");

    private BatchSync() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 100_000;
        TestDatabases pg = TestDatabases.get();
        String stateUrl = pg.createDatabase("lockstep_bench");
        String billingUrl = BenchDatabases.rewritingBatchedInserts(pg.createDatabase("billing_bench"));
        String sourceUrl = pg.createDatabase("storefront_bench");
        DataSource source = pool(sourceUrl, pg);
        DataSource target = pool(billingUrl, pg);
        DataSource state = pool(BenchDatabases.rewritingBatchedInserts(stateUrl), pg);
        String machine = BenchDatabases.machine(target, "on the same machine (Lockstep and the baselines in one JVM, "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MB max heap)");
        System.out.println("[bench] " + machine);
        System.out.println("[bench] rows=" + rows + ", page/batch " + BATCH);

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("rows", rows);
        double wRate;
        double resyncRate;
        long peakHeapMb;
        long peakOldMb;
        try (ConfigurableApplicationContext app = LockstepProcess.start(stateUrl, billingUrl,
                "lockstep.systems.storefront.jdbc-url=" + sourceUrl,
                "lockstep.pairs." + PAIR + ".schedule=1d",
                "lockstep.pairs." + PAIR + ".page-size=" + BATCH,
                "lockstep.runs.progress-interval=5s",
                "logging.level.root=WARN", "logging.level.dev.lockstep.tablesync=INFO")) {
            Http http = new Http(LockstepProcess.port(app));
            fill(source, rows);
            System.gc();
            resetPeaks();
            JsonNode first = backfill(http);
            wRate = rate(first);
            System.out.printf("[bench] W  first load: %,d rows in %.1f s = %,.0f rows/s (written %d)%n", rows,
                    seconds(first), wRate, first.path("counts").path("written").asLong());
            JsonNode again = backfill(http);
            resyncRate = rate(again);
            System.out.printf("[bench] W  re-sync, nothing changed: %,.0f rows/s (unchanged %d)%n", resyncRate,
                    again.path("counts").path("unchanged").asLong());
            peakHeapMb = peakHeapMb();
            peakOldMb = peakOldGenMb();
            System.out.printf("[bench] W  peak heap (sum of heap pools' peaks, whole JVM): %d MB; old generation's peak: %d MB%n",
                    peakHeapMb, peakOldMb);
        }
        double b0 = b0(target, rows);
        System.out.printf("[bench] B0 plain JDBC batched upserts: %,.0f rows/s%n", b0);
        double b1 = b1(source, target, state, rows);
        System.out.printf("[bench] B1 hand-written JDBC doing W's work: %,.0f rows/s%n", b1);

        figures.put("w_rows_per_s", Math.round(wRate));
        figures.put("b0_rows_per_s", Math.round(b0));
        figures.put("b1_rows_per_s", Math.round(b1));
        figures.put("ratio_w_b0", Math.round(100.0 * wRate / b0) / 100.0);
        figures.put("ratio_w_b1", Math.round(100.0 * wRate / b1) / 100.0);
        figures.put("resync_rows_per_s", Math.round(resyncRate));
        figures.put("peak_heap_mb", peakHeapMb);
        figures.put("peak_old_gen_mb", peakOldMb);
        Path out = Path.of("target", "bench", "batch-sync-" + rows + ".json");
        Files.createDirectories(out.getParent());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("machine", machine);
        report.put("figures", figures);
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), report);
        System.out.println("[bench] written " + out);
        StringBuilder last = new StringBuilder();
        figures.forEach((k, v) -> last.append(last.isEmpty() ? "" : " ").append(k).append('=').append(v));
        System.out.println(last);
        System.exit(0);
    }

    /** N source rows: distinct modified-at, e-mails needing cleanup, all four statuses, some without currency. */
    static void fill(DataSource source, int rows) {
        JdbcTemplate jdbc = new JdbcTemplate(source);
        jdbc.update("DELETE FROM storefront_order");
        for (int from = 1; from <= rows; from += 250_000) {
            jdbc.update("INSERT INTO storefront_order (order_id, customer_email, status, total, currency, placed_at, modified_at) "
                    + "SELECT 'SO-' || lpad(g::text, 9, '0'), ' Customer' || g || '@Example.com ', "
                    + "(ARRAY['new','paid','shipped','cancelled'])[1 + g % 4], (g % 100000) / 100.0, "
                    + "CASE WHEN g % 10 = 0 THEN NULL ELSE 'eur' END, "
                    + "timestamptz '2026-01-01 00:00:00Z' + g * interval '1 second', timestamptz '2026-01-01 00:00:00Z' + g * interval '1 millisecond' "
                    + "FROM generate_series(?, ?) g", from, Math.min(rows, from + 249_999));
        }
        jdbc.execute("ANALYZE storefront_order");
    }

    private static JsonNode backfill(Http http) throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode started = json.readTree(http.postJson("/api/pairs/" + PAIR + "/runs", "{\"kind\":\"BACKFILL\"}").body());
        long id = started.path("id").asLong();
        while (true) {
            JsonNode run = json.readTree(http.get("/api/runs/" + id).body());
            if (!"RUNNING".equals(run.path("status").asText())) {
                if (!"SUCCEEDED".equals(run.path("status").asText())) {
                    throw new IllegalStateException("the backfill did not succeed: " + run);
                }
                return run;
            }
            Thread.sleep(100);
        }
    }

    private static double seconds(JsonNode run) {
        return Duration.between(Instant.parse(run.path("startedAt").asText()), Instant.parse(run.path("endedAt").asText())).toMillis() / 1000.0;
    }

    private static double rate(JsonNode run) {
        return run.path("counts").path("read").asLong() / seconds(run);
    }

    /** B0: the N target rows W writes, by plain batched upserts, committed per batch. */
    static double b0(DataSource target, int rows) throws Exception {
        createTarget(target, "bench_b0_order");
        long start = System.nanoTime();
        try (Connection c = target.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(upsert("bench_b0_order"))) {
                Instant epoch = Instant.parse("2026-01-01T00:00:00Z");
                for (int g = 1; g <= rows; g++) {
                    ps.setString(1, "SO-" + String.format("%09d", g));
                    ps.setString(2, "customer" + g + "@example.com");
                    ps.setString(3, STATUS.get(List.of("new", "paid", "shipped", "cancelled").get(g % 4)));
                    ps.setBigDecimal(4, BigDecimal.valueOf(g % 100000, 2));
                    ps.setString(5, g % 10 == 0 ? "EUR" : "EUR");
                    ps.setTimestamp(6, Timestamp.from(epoch.plusSeconds(g)));
                    ps.addBatch();
                    if (g % BATCH == 0 || g == rows) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
            }
        }
        return rows / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * B1: what a competent engineer writes by hand for W's job: keyset pages from the source, each row
     * mapped as the mapping file says, the page's ledger entries fetched in one query, changed rows
     * upserted in one batch, their ledger entries in another, one commit per page on each side.
     */
    static double b1(DataSource source, DataSource target, DataSource state, int rows) throws Exception {
        createTarget(target, "bench_b1_order");
        new JdbcTemplate(state).execute("CREATE TABLE bench_ledger (source_id TEXT PRIMARY KEY, version TIMESTAMPTZ NOT NULL, hash TEXT NOT NULL)");
        long start = System.nanoTime();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Connection src = source.getConnection(); Connection tgt = target.getConnection(); Connection led = state.getConnection()) {
            tgt.setAutoCommit(false);
            led.setAutoCommit(false);
            PreparedStatement read = src.prepareStatement("SELECT order_id, modified_at, customer_email, status, total, currency, placed_at "
                    + "FROM storefront_order WHERE (modified_at, order_id) > (?, ?) ORDER BY modified_at, order_id LIMIT " + BATCH);
            PreparedStatement lookup = led.prepareStatement("SELECT source_id, version, hash FROM bench_ledger WHERE source_id = ANY (?)");
            PreparedStatement upsert = tgt.prepareStatement(upsert("bench_b1_order"));
            PreparedStatement ledger = led.prepareStatement("INSERT INTO bench_ledger (source_id, version, hash) VALUES (?, ?, ?) "
                    + "ON CONFLICT (source_id) DO UPDATE SET version = EXCLUDED.version, hash = EXCLUDED.hash");
            Timestamp at = Timestamp.from(Instant.EPOCH);
            String lastId = "";
            while (true) {
                read.setTimestamp(1, at);
                read.setString(2, lastId);
                List<Object[]> page = new ArrayList<>(BATCH);
                try (ResultSet rs = read.executeQuery()) {
                    while (rs.next()) {
                        String email = rs.getString(3);
                        email = email == null ? null : email.strip().toLowerCase(Locale.ROOT);
                        String currency = rs.getString(6);
                        currency = currency == null || currency.isBlank() ? "EUR" : currency.strip().toUpperCase(Locale.ROOT);
                        BigDecimal total = rs.getBigDecimal(5).setScale(2, RoundingMode.HALF_UP);
                        page.add(new Object[] {rs.getString(1), rs.getTimestamp(2), email, STATUS.get(rs.getString(4)), total, currency,
                            rs.getTimestamp(7)});
                    }
                }
                if (page.isEmpty()) {
                    break;
                }
                lookup.setArray(1, led.createArrayOf("text", page.stream().map(r -> r[0]).toArray()));
                Map<String, String> known = new HashMap<>();
                try (ResultSet rs = lookup.executeQuery()) {
                    while (rs.next()) {
                        known.put(rs.getString(1), rs.getString(3));
                    }
                }
                int changed = 0;
                for (Object[] r : page) {
                    String hash = HexFormat.of().formatHex(sha.digest((r[2] + "|" + r[3] + "|" + r[4] + "|" + r[5] + "|" + r[6])
                            .getBytes(StandardCharsets.UTF_8)));
                    if (hash.equals(known.get((String) r[0]))) {
                        continue;
                    }
                    upsert.setString(1, (String) r[0]);
                    upsert.setString(2, (String) r[2]);
                    upsert.setString(3, (String) r[3]);
                    upsert.setBigDecimal(4, (BigDecimal) r[4]);
                    upsert.setString(5, (String) r[5]);
                    upsert.setTimestamp(6, (Timestamp) r[6]);
                    upsert.addBatch();
                    ledger.setString(1, (String) r[0]);
                    ledger.setTimestamp(2, (Timestamp) r[1]);
                    ledger.setString(3, hash);
                    ledger.addBatch();
                    changed++;
                }
                if (changed > 0) {
                    upsert.executeBatch();
                    tgt.commit();
                    ledger.executeBatch();
                    led.commit();
                }
                Object[] last = page.get(page.size() - 1);
                at = (Timestamp) last[1];
                lastId = (String) last[0];
            }
        }
        return rows / ((System.nanoTime() - start) / 1e9);
    }

    private static void createTarget(DataSource target, String table) {
        new JdbcTemplate(target).execute("CREATE TABLE " + table + " (order_ref TEXT PRIMARY KEY, customer_email TEXT, status TEXT NOT NULL, "
                + "amount NUMERIC(12, 2) NOT NULL CHECK (amount >= 0), currency TEXT NOT NULL, ordered_at TIMESTAMPTZ, synced_at TIMESTAMPTZ)");
    }

    private static String upsert(String table) {
        return "INSERT INTO " + table + " (order_ref, customer_email, status, amount, currency, ordered_at, synced_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, now()) ON CONFLICT (order_ref) DO UPDATE SET customer_email = EXCLUDED.customer_email, "
                + "status = EXCLUDED.status, amount = EXCLUDED.amount, currency = EXCLUDED.currency, ordered_at = EXCLUDED.ordered_at, "
                + "synced_at = EXCLUDED.synced_at";
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static long peakHeapMb() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum() >> 20;
    }

    /** What outlived young collections: the part of the heap a growing table would show up in. */
    private static long peakOldGenMb() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .filter(p -> p.getName().contains("Old") || p.getName().contains("Tenured"))
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum() >> 20;
    }

    private static DataSource pool(String url, TestDatabases pg) {
        return BenchDatabases.pool(url, pg, 4);
    }
}
