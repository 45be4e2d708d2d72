package dev.lockstep.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The storefront-and-warehouse pair end to end: the real application, the storefront on
 * PostgreSQL, the warehouse on MariaDB where one answers (else a second PostgreSQL database),
 * polled every 200 ms and coalesced over 800 ms (see FreshDatabases). Every scenario uses its own
 * SKUs, edits the systems' own tables as their users would, and counts writes with each table's
 * {@code revision} column, which the systems themselves bump on every update.
 */
class StorefrontAndWarehouseTest extends PipelineTestSupport {

    static final String PAIR = "storefront-and-warehouse";
    static final Duration SYNC = Duration.ofSeconds(20);

    @Autowired
    @Qualifier("storefront")
    DataSource storefrontDataSource;

    @Autowired
    @Qualifier("warehouse")
    DataSource warehouseDataSource;

    JdbcTemplate shop;
    JdbcTemplate stock;

    @BeforeEach
    void systems() {
        shop = new JdbcTemplate(storefrontDataSource);
        stock = new JdbcTemplate(warehouseDataSource);
    }

    @Test
    void theDemoRowsOfEachSideReachTheOther() {
        await().atMost(SYNC).untilAsserted(() -> {
            assertThat(stockRow("SKU-1004")).containsEntry("item_name", "Oak serving board");
            assertThat(shopRow("SKU-2001")).containsEntry("name", "Brass bottle opener");
        });
    }

    @Test
    void aBurstOfEditsWithinTheWindowIsWrittenOnce() throws Exception {
        String sku = linkedProduct("Burst lamp", "10.00", 5);
        int before = stockRevision(sku);
        for (int i = 1; i <= 5; i++) {
            shop.update("UPDATE storefront_product SET name = ?, price = ? WHERE sku = ?", "Burst lamp v" + i, new BigDecimal(10 + i), sku);
            Thread.sleep(100);
        }
        await().atMost(SYNC).untilAsserted(() -> assertThat(stockRow(sku)).containsEntry("item_name", "Burst lamp v5"));
        settle();
        assertThat(stockRow(sku).get("unit_price")).isEqualTo("15");
        assertThat(stockRevision(sku)).as("warehouse updates for five storefront edits").isEqualTo(before + 1);
    }

    @Test
    void concurrentEditsToDifferentFieldsAreBothKept() {
        String sku = linkedProduct("Two fields", "20.00", 5);
        shop.update("UPDATE storefront_product SET name = 'Two fields, renamed' WHERE sku = ?", sku);
        stock.update("UPDATE warehouse_stock SET bin_location = 'Z-09-9' WHERE sku = ?", sku);
        await().atMost(SYNC).untilAsserted(() -> {
            assertThat(shopRow(sku)).containsEntry("name", "Two fields, renamed").containsEntry("bin_location", "Z-09-9");
            assertThat(stockRow(sku)).containsEntry("item_name", "Two fields, renamed").containsEntry("bin_location", "Z-09-9");
        });
    }

    @Test
    void concurrentEditsToAnOwnedFieldTakeTheOwnersValueAndAreRecorded() throws Exception {
        String sku = linkedProduct("Owned price", "30.00", 5);
        double decidedBefore = conflictsCounted("DECIDED");
        shop.update("UPDATE storefront_product SET price = 31.00 WHERE sku = ?", sku);
        stock.update("UPDATE warehouse_stock SET unit_price = 32.00 WHERE sku = ?", sku);
        await().atMost(SYNC).untilAsserted(() -> {
            assertThat(shopRow(sku)).containsEntry("price", "31");
            assertThat(stockRow(sku)).containsEntry("unit_price", "31");
        });
        JsonNode conflict = onlyConflict(sku, "price");
        assertThat(conflict.get("rule").asText()).isEqualTo("owner: storefront");
        assertThat(conflict.get("winner").asText()).isEqualTo("storefront");
        assertThat(conflict.get("leftValue").asText()).isEqualTo("31");   // storefront
        assertThat(conflict.get("rightValue").asText()).isEqualTo("32");  // warehouse
        assertThat(conflict.get("baseValue").asText()).isEqualTo("30");
        assertThat(conflict.get("status").asText()).isEqualTo("DECIDED");
        assertThat(conflict.get("decidedAt").isNull()).isFalse();
        assertThat(conflictsCounted("DECIDED")).as("lockstep_conflicts_total").isGreaterThanOrEqualTo(decidedBefore + 1);
    }

    /** The pair's conflicts in Prometheus, of one status (0 before the first). */
    private double conflictsCounted(String status) {
        java.util.regex.Matcher line = java.util.regex.Pattern.compile("(?m)^lockstep_conflicts_total\\{[^}]*pair=\"storefront-and-warehouse\",status=\""
                + status + "\"[^}]*\\} (\\S+)$").matcher(http.get("/actuator/prometheus").body());
        return line.find() ? Double.parseDouble(line.group(1)) : 0;
    }

    @Test
    void quantitySoldOnBothSidesKeepsBothSales() throws Exception {
        String sku = linkedProduct("Counted mug", "12.00", 20);
        shop.update("UPDATE storefront_product SET quantity = quantity - 3 WHERE sku = ?", sku);
        stock.update("UPDATE warehouse_stock SET on_hand = on_hand - 5 WHERE sku = ?", sku);
        await().atMost(SYNC).untilAsserted(() -> {
            assertThat(shopRow(sku)).containsEntry("quantity", "12");
            assertThat(stockRow(sku)).containsEntry("on_hand", "12");
        });
        JsonNode conflict = onlyConflict(sku, "quantity");
        assertThat(conflict.get("rule").asText()).isEqualTo("counter");
        assertThat(conflict.get("value").asText()).isEqualTo("12");
    }

    @Test
    void aSyncedWriteDoesNotComeBackEvenWhenTheSystemRestampsIt() throws Exception {
        String sku = linkedProduct("Echo board", "8.00", 3);
        int shopBefore = shopRevision(sku);
        int stockBefore = stockRevision(sku);
        JsonNode before = json.readTree(http.get("/api/pairs/" + PAIR + "/records/" + sku).body());
        assertThat(before.at("/systems/warehouse/writes").asInt()).as("the insert that linked it").isEqualTo(1);
        shop.update("UPDATE storefront_product SET name = 'Echo board, oiled' WHERE sku = ?", sku);
        await().atMost(SYNC).untilAsserted(() -> assertThat(stockRow(sku)).containsEntry("item_name", "Echo board, oiled"));
        settle();
        // One edit in the storefront, one write to the warehouse, and nothing back to the storefront.
        assertThat(shopRevision(sku)).isEqualTo(shopBefore + 1);
        assertThat(stockRevision(sku)).isEqualTo(stockBefore + 1);

        // The warehouse rewrites the row with its own timestamp, changing nothing else: not a change.
        stock.update("UPDATE warehouse_stock SET modified_at = ? WHERE sku = ?", Timestamp.from(Instant.now().plusSeconds(1)), sku);
        settle();
        assertThat(shopRevision(sku)).isEqualTo(shopBefore + 1);
        assertThat(stockRevision(sku)).isEqualTo(stockBefore + 2);
        JsonNode record = json.readTree(http.get("/api/pairs/" + PAIR + "/records/" + sku).body());
        assertThat(record.at("/systems/warehouse/writes").asInt()).isEqualTo(2);
        assertThat(record.at("/systems/storefront/writes").asInt()).isZero();
    }

    @Test
    void aDeleteReachesTheOtherSide() {
        String sku = linkedProduct("Deleted cushion", "15.00", 2);
        shop.update("UPDATE storefront_product SET deleted_at = now() WHERE sku = ?", sku);
        await().atMost(SYNC).untilAsserted(() -> assertThat(stockRow(sku).get("deleted_at")).isNotNull());
    }

    @Test
    void aDeleteAgainstAnEditRevivesTheRecordAndIsRecorded() throws Exception {
        String sku = linkedProduct("Revived jug", "22.00", 4);
        shop.update("UPDATE storefront_product SET deleted_at = now() WHERE sku = ?", sku);
        stock.update("UPDATE warehouse_stock SET bin_location = 'R-01-1' WHERE sku = ?", sku);
        await().atMost(SYNC).untilAsserted(() -> {
            assertThat(shopRow(sku)).containsEntry("deleted_at", null).containsEntry("bin_location", "R-01-1");
            assertThat(stockRow(sku)).containsEntry("deleted_at", null).containsEntry("bin_location", "R-01-1");
        });
        JsonNode conflict = onlyConflict(sku, "(record)");
        assertThat(conflict.get("rule").asText()).isEqualTo("delete-vs-edit");
        assertThat(conflict.get("winner").asText()).isEqualTo("warehouse");
        assertThat(conflict.get("value").asText()).isEqualTo("revived");
    }

    @Test
    void aMassDeleteIsHeldThenApprovedOrRejectedThroughTheApi() throws Exception {
        // Enough records that deleting them is more than 20% of the pair's live records.
        List<String> approved = linkedProducts("Approved", massDeleteSize());
        stock.update("UPDATE warehouse_stock SET deleted_at = CURRENT_TIMESTAMP WHERE sku LIKE ?", skuPrefix(approved) + "%");
        JsonNode hold = heldMassDelete(approved.size());
        assertThat(hold.get("system").asText()).isEqualTo("warehouse");
        settle();
        approved.forEach(sku -> assertThat(shopRow(sku).get("deleted_at")).as("held, not applied: " + sku).isNull());

        HttpResponse<String> approve = http.postEmpty("/api/mass-deletes/" + hold.get("id").asLong() + "/approve");
        assertThat(approve.statusCode()).isEqualTo(200);
        approved.forEach(sku -> assertThat(shopRow(sku).get("deleted_at")).as("deleted after approval: " + sku).isNotNull());
        assertThat(http.postEmpty("/api/mass-deletes/" + hold.get("id").asLong() + "/approve").statusCode()).isEqualTo(409);

        List<String> rejected = linkedProducts("Rejected", massDeleteSize());
        stock.update("UPDATE warehouse_stock SET deleted_at = CURRENT_TIMESTAMP WHERE sku LIKE ?", skuPrefix(rejected) + "%");
        JsonNode second = heldMassDelete(rejected.size());
        HttpResponse<String> reject = http.postEmpty("/api/mass-deletes/" + second.get("id").asLong() + "/reject");
        assertThat(reject.statusCode()).isEqualTo(200);
        rejected.forEach(sku -> {
            assertThat(stockRow(sku).get("deleted_at")).as("restored in the warehouse: " + sku).isNull();
            assertThat(shopRow(sku).get("deleted_at")).as("never deleted in the storefront: " + sku).isNull();
        });
        settle();
        rejected.forEach(sku -> assertThat(stockRow(sku).get("deleted_at")).as("still restored: " + sku).isNull());
    }

    @Test
    void aManualConflictWaitsForAPersonAndIsThenAppliedToBothSides() throws Exception {
        String sku = linkedProduct("Barcoded tray", "18.00", 6);
        shop.update("UPDATE storefront_product SET barcode = '1111111111111' WHERE sku = ?", sku);
        stock.update("UPDATE warehouse_stock SET barcode = '2222222222222' WHERE sku = ?", sku);
        JsonNode open = await().atMost(SYNC).until(() -> openConflict(sku), c -> c != null);
        assertThat(open.get("field").asText()).isEqualTo("barcode");
        assertThat(open.get("leftValue").asText()).isEqualTo("1111111111111");
        assertThat(open.get("rightValue").asText()).isEqualTo("2222222222222");
        settle();
        // Held: nothing overwritten on either side.
        assertThat(shopRow(sku)).containsEntry("barcode", "1111111111111");
        assertThat(stockRow(sku)).containsEntry("barcode", "2222222222222");

        long id = open.get("id").asLong();
        assertThat(http.postJson("/api/conflicts/" + id + "/resolve", "{}").statusCode()).isEqualTo(400);
        HttpResponse<String> resolved = http.postJson("/api/conflicts/" + id + "/resolve", "{\"value\":\"3333333333333\"}");
        assertThat(resolved.statusCode()).isEqualTo(202);
        await().atMost(SYNC).untilAsserted(() -> {
            assertThat(shopRow(sku)).containsEntry("barcode", "3333333333333");
            assertThat(stockRow(sku)).containsEntry("barcode", "3333333333333");
        });
        await().atMost(SYNC).untilAsserted(() ->
                assertThat(json.readTree(http.get("/api/conflicts/" + id).body()).get("status").asText()).isEqualTo("APPLIED"));
        assertThat(http.postJson("/api/conflicts/" + id + "/resolve", "{\"value\":\"x\"}").statusCode()).isEqualTo(409);
    }

    @Test
    void rowsSharingOneTimestampAcrossPageBoundariesAreAllRead() {
        String prefix = "TS-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        Timestamp one = Timestamp.from(Instant.now());
        int rows = 130; // the tests' page size is 50: three pages, all with one timestamp
        List<Object[]> batch = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            batch.add(new Object[] {prefix + String.format("%03d", i), "Same instant " + i, one});
        }
        shop.batchUpdate("INSERT INTO storefront_product (sku, name, price, quantity, updated_at) VALUES (?, ?, 1.00, 1, ?)", batch);
        await().atMost(SYNC).untilAsserted(() ->
                assertThat(stock.queryForObject("SELECT count(*) FROM warehouse_stock WHERE sku LIKE ?", Integer.class, prefix + "%"))
                        .isEqualTo(rows));
    }

    @Test
    void aRowCommittedLateWithinTheOverlapIsNotSkipped() {
        // The cursor has moved past now: a newer row was read.
        String newer = linkedProduct("Newer row", "5.00", 1);
        Instant cursorPassed = shop.queryForObject("SELECT updated_at FROM storefront_product WHERE sku = ?", Timestamp.class, newer).toInstant();
        // A transaction that began earlier commits now, with a modified-at before the cursor (within the 5 s overlap).
        String late = "LATE-" + UUID.randomUUID().toString().substring(0, 8);
        shop.update("INSERT INTO storefront_product (sku, name, price, quantity, updated_at) VALUES (?, 'Committed late', 2.00, 1, ?)",
                late, Timestamp.from(cursorPassed.minusSeconds(2)));
        await().atMost(SYNC).untilAsserted(() -> assertThat(stockRow(late)).containsEntry("item_name", "Committed late"));
    }

    // ---- helpers ----

    /** A new product created in the storefront and waited for in the warehouse. */
    private String linkedProduct(String name, String price, int quantity) {
        String sku = "T-" + UUID.randomUUID().toString().substring(0, 8);
        shop.update("INSERT INTO storefront_product (sku, name, price, quantity) VALUES (?, ?, ?, ?)", sku, name, new BigDecimal(price), quantity);
        await().atMost(SYNC).untilAsserted(() -> assertThat(stockRow(sku)).containsEntry("item_name", name));
        settle();
        return sku;
    }

    private List<String> linkedProducts(String name, int count) {
        String prefix = "M-" + UUID.randomUUID().toString().substring(0, 6) + "-";
        List<String> skus = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            skus.add(prefix + String.format("%03d", i));
        }
        shop.batchUpdate("INSERT INTO storefront_product (sku, name, price, quantity) VALUES (?, ?, 3.00, 1)",
                skus.stream().map(s -> new Object[] {s, name + " " + s}).toList());
        await().atMost(SYNC).untilAsserted(() ->
                assertThat(stock.queryForObject("SELECT count(*) FROM warehouse_stock WHERE sku LIKE ?", Integer.class, prefix + "%"))
                        .isEqualTo(count));
        settle();
        return skus;
    }

    private static String skuPrefix(List<String> skus) {
        return skus.get(0).substring(0, skus.get(0).lastIndexOf('-') + 1);
    }

    /** More than a quarter of the live records: deleting them all exceeds 20% of the records after adding them. */
    private int massDeleteSize() {
        Integer live = lockstep.queryForObject("SELECT count(*) FROM two_way_record WHERE pair = ? AND NOT deleted", Integer.class, PAIR);
        return live / 4 + 3;
    }

    private JsonNode heldMassDelete(int deletes) {
        return await().atMost(SYNC).until(() -> {
            for (JsonNode h : json.readTree(http.get("/api/mass-deletes?status=held&pair=" + PAIR).body())) {
                if (h.get("deletes").asInt() == deletes) {
                    return h;
                }
            }
            return null;
        }, h -> h != null);
    }

    private JsonNode onlyConflict(String sku, String field) throws Exception {
        JsonNode all = json.readTree(http.get("/api/conflicts?pair=" + PAIR + "&key=" + sku).body());
        List<JsonNode> found = new ArrayList<>();
        all.forEach(c -> {
            if (c.get("field").asText().equals(field)) {
                found.add(c);
            }
        });
        assertThat(found).as("conflicts on " + field + " of " + sku + ": " + all).hasSize(1);
        return found.get(0);
    }

    private JsonNode openConflict(String sku) throws Exception {
        JsonNode open = json.readTree(http.get("/api/conflicts?status=open&key=" + sku).body());
        return open.isEmpty() ? null : open.get(0);
    }

    /** Long enough for several polls and a coalescing window: anything that would still happen has happened. */
    private static void settle() {
        try {
            Thread.sleep(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Map<String, Object> shopRow(String sku) {
        return row(shop, "SELECT name, price, quantity, bin_location, barcode, deleted_at FROM storefront_product WHERE sku = ?", sku);
    }

    private Map<String, Object> stockRow(String sku) {
        return row(stock, "SELECT item_name, unit_price, on_hand, bin_location, barcode, deleted_at FROM warehouse_stock WHERE sku = ?", sku);
    }

    /** A row with numbers as plain text (89.00 → "89"), so both databases compare alike; empty when missing. */
    private static Map<String, Object> row(JdbcTemplate jdbc, String sql, String sku) {
        List<Map<String, Object>> rows = jdbc.queryForList(sql, sku);
        if (rows.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> row = new java.util.HashMap<>();
        rows.get(0).forEach((k, v) -> row.put(k.toLowerCase(java.util.Locale.ROOT),
                v instanceof Number n ? new BigDecimal(n.toString()).stripTrailingZeros().toPlainString() : v));
        return row;
    }

    private int shopRevision(String sku) {
        return shop.queryForObject("SELECT revision FROM storefront_product WHERE sku = ?", Integer.class, sku);
    }

    private int stockRevision(String sku) {
        return stock.queryForObject("SELECT revision FROM warehouse_stock WHERE sku = ?", Integer.class, sku);
    }
}
