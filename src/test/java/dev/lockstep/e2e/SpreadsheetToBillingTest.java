package dev.lockstep.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * spreadsheet-to-billing end to end: CSV files dropped into the pair's folder (as a user would:
 * written under another name, then renamed) reach billing through the real file route and
 * pipeline; each file ends in done/ or failed/ with its report, and a run record.
 */
class SpreadsheetToBillingTest extends PipelineTestSupport {

    private static final String PAIR = "spreadsheet-to-billing";
    private static final String HEADER = "customer_id,email,first_name,last_name,phone,country";

    @Value("${lockstep.systems.spreadsheet.inbox}")
    Path inbox;

    /** A per-test prefix keeps ids and e-mails apart from the other tests sharing the databases. */
    private final String t = "S" + UUID.randomUUID().toString().substring(0, 6);

    @Test
    void aSemicolonFileWithAByteOrderMarkIsImported() throws Exception {
        String csv = "\uFEFFcustomer_id;email;first_name;last_name;phone;country\r\n"
                + t + "-1; " + t.toUpperCase() + ".Ada@Example.COM ;Ada;Lovelace;020 7946 0958;GB\r\n"
                + t + "-2;" + t + ".grace@example.com;Grace;Hopper;;US\r\n";
        JsonNode report = drop("bom-semicolon-" + t + ".csv", csv.getBytes(StandardCharsets.UTF_8), "done");

        assertThat(report.path("status").asText()).isEqualTo("DONE");
        assertThat(report.path("encoding").asText()).isEqualTo("UTF-8 with BOM");
        assertThat(report.path("delimiter").asText()).isEqualTo(";");
        assertThat(report.path("rowsRead").asInt()).isEqualTo(2);
        assertThat(report.path("written").asInt()).isEqualTo(2);
        Map<String, Object> ada = customer(t + "-1");
        assertThat(ada).containsEntry("email", t.toLowerCase() + ".ada@example.com");
        assertThat(ada).containsEntry("full_name", "Ada Lovelace").containsEntry("phone", "+442079460958");
        assertThat(customer(t + "-2")).containsEntry("email", t.toLowerCase() + ".grace@example.com").containsEntry("phone", null);
    }

    @Test
    void aCommaFileWithQuotedValuesIsImported() throws Exception {
        String csv = HEADER + "\n"
                + t + "-1,\"" + t + ".ann@example.com\",\"Ann \"\"Annie\"\"\",\"O'Brien, Jr.\",,\n"
                + t + "-2," + t + ".bo@example.com,\"Bo\nJo\",Smith,+1 415 555 0132,\n";
        JsonNode report = drop("comma-" + t + ".csv", csv.getBytes(StandardCharsets.UTF_8), "done");

        assertThat(report.path("encoding").asText()).isEqualTo("UTF-8");
        assertThat(report.path("delimiter").asText()).isEqualTo(",");
        assertThat(report.path("written").asInt()).isEqualTo(2);
        assertThat(customer(t + "-1")).containsEntry("full_name", "Ann \"Annie\" O'Brien, Jr.");
        assertThat(customer(t + "-2")).containsEntry("full_name", "Bo Jo Smith").containsEntry("phone", "+14155550132");
    }

    @Test
    void badRowsAreQuarantinedWithTheirLinesAndTheRestIsImported() throws Exception {
        String csv = HEADER + "\n"
                + t + "-1," + t + ".ok@example.com,Ok,Row,,\n"
                + t + "-2,not-an-email,Bad,Email,,\n"
                + t + "-3," + t + ".short@example.com,Too,Short\n"
                + "," + t + ".noid@example.com,No,Id,,\n";
        JsonNode report = drop("bad-rows-" + t + ".csv", csv.getBytes(StandardCharsets.UTF_8), "done");

        assertThat(report.path("written").asInt()).isEqualTo(1);
        assertThat(report.path("quarantined").asInt()).isEqualTo(3);
        JsonNode rows = report.path("quarantinedRows");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).path("line").asInt()).isEqualTo(3);
        assertThat(rows.get(0).path("reasons").get(0).path("reason").asText()).isEqualTo("not an e-mail address");
        assertThat(rows.get(1).path("line").asInt()).isEqualTo(4);
        assertThat(rows.get(1).path("reasons").get(0).path("reason").asText())
                .isEqualTo("line 4 has 4 value(s), the header has 6 column(s)");
        assertThat(rows.get(2).path("line").asInt()).isEqualTo(5);
        assertThat(rows.get(2).path("reasons").get(0).path("reason").asText()).isEqualTo("line 5 has no customer_id");
        assertThat(customer(t + "-1")).isNotNull();
        assertThat(billing.queryForList("SELECT 1 FROM billing_customer WHERE customer_ref IN (?, ?)", t + "-2", t + "-3")).isEmpty();

        // The quarantine API shows each bad row with its file and line.
        JsonNode quarantine = json.readTree(http.get("/api/quarantine?pair=" + PAIR).body());
        JsonNode badEmail = find(quarantine, "sourceId", t + "-2");
        assertThat(badEmail.path("payload").path("_file").path("line").asInt()).isEqualTo(3);
        assertThat(badEmail.path("payload").path("_file").path("name").asText()).isEqualTo("bad-rows-" + t + ".csv");
        assertThat(badEmail.path("reasons").get(0).path("field").asText()).isEqualTo("email");
    }

    @Test
    void duplicatesInTheFileAndOfExistingBillingCustomersAreReported() throws Exception {
        // A customer billing already has, under its own reference.
        billing.update("INSERT INTO billing_customer (customer_ref, email, full_name) VALUES (?, ?, 'Old Name')",
                "B-" + t, t.toLowerCase() + ".known@example.com");
        String csv = HEADER + "\n"
                + t + "-1," + t + ".lin@example.com,Lin,Chen,,\n"
                + t + "-2," + t.toUpperCase() + ".KNOWN@example.com,Known,Customer,,\n"
                + t + "-3," + t + ".lin@example.com,Lin,Again,,\n"
                + t + "-1," + t + ".other@example.com,Same,Id,,\n";
        JsonNode report = drop("duplicates-" + t + ".csv", csv.getBytes(StandardCharsets.UTF_8), "done");

        assertThat(report.path("written").asInt()).isEqualTo(2);
        assertThat(report.path("quarantined").asInt()).isEqualTo(2);
        JsonNode inFile = report.path("duplicates").path("inFile");
        assertThat(inFile).hasSize(2);
        assertThat(inFile.get(0).path("line").asInt()).isEqualTo(4);
        assertThat(inFile.get(0).path("duplicateOfLine").asInt()).isEqualTo(2);
        assertThat(inFile.get(0).path("reason").asText()).isEqualTo("duplicate of line 2 (same email); line 2 is the one imported");
        assertThat(inFile.get(1).path("line").asInt()).isEqualTo(5);
        assertThat(inFile.get(1).path("reason").asText()).startsWith("duplicate of line 2 (same customer_id)");
        JsonNode target = report.path("duplicates").path("target");
        assertThat(target).hasSize(1);
        assertThat(target.get(0).path("line").asInt()).isEqualTo(3);
        assertThat(target.get(0).path("targetRecord").asText()).isEqualTo("B-" + t);
        assertThat(target.get(0).path("action").asText()).isEqualTo("linked");

        // The known customer was updated, not created twice; the in-file duplicates were not written.
        assertThat(customer("B-" + t)).containsEntry("full_name", "Known Customer");
        assertThat(billing.queryForList("SELECT customer_ref FROM billing_customer WHERE customer_ref LIKE ?", String.class, t + "-%"))
                .containsExactly(t + "-1");
        assertThat(customer(t + "-1")).containsEntry("email", t.toLowerCase() + ".lin@example.com").containsEntry("full_name", "Lin Chen");
    }

    @Test
    void aFileThatCannotBeReadGoesToFailedWithAReportAndChangesNothing() throws Exception {
        long inboxBefore = inboxRows();
        String unknownColumn = HEADER + ",notes\n" + t + "-1," + t + ".x@example.com,X,Y,,,hello\n";
        JsonNode report = drop("unknown-column-" + t + ".csv", unknownColumn.getBytes(StandardCharsets.UTF_8), "failed");
        assertThat(report.path("status").asText()).isEqualTo("FAILED");
        assertThat(report.path("error").asText()).contains("unknown column(s) notes")
                .contains("expected exactly country, customer_id, email, first_name, last_name, phone");

        byte[] latin1 = (HEADER + "\n" + t + "-2,z@example.com,Zoë,Müller,,\n").getBytes(StandardCharsets.ISO_8859_1);
        JsonNode notUtf8 = drop("latin1-" + t + ".csv", latin1, "failed");
        assertThat(notUtf8.path("error").asText()).startsWith("not UTF-8: the byte 0xEB at offset");

        JsonNode empty = drop("empty-" + t + ".csv", new byte[0], "failed");
        assertThat(empty.path("error").asText()).isEqualTo("the file is empty: no header line");

        assertThat(inboxRows()).as("nothing of an unreadable file is stored").isEqualTo(inboxBefore);
        assertThat(billing.queryForList("SELECT 1 FROM billing_customer WHERE customer_ref LIKE ?", t + "-%")).isEmpty();
        JsonNode run = json.readTree(http.get("/api/runs/" + report.path("run").asLong()).body());
        assertThat(run.path("status").asText()).isEqualTo("FAILED");
        assertThat(run.path("message").asText()).contains("unknown column(s) notes");
    }

    @Test
    void droppingTheSameFileAgainChangesNothing() throws Exception {
        String csv = HEADER + "\n" + t + "-1," + t + ".once@example.com,Once,Only,,\n"
                + t + "-2,bad-email,Bad,Row,,\n";
        String name = "again-" + t + ".csv";
        JsonNode first = drop(name, csv.getBytes(StandardCharsets.UTF_8), "done");
        assertThat(first.path("written").asInt()).isEqualTo(1);
        Object syncedAt = customer(t + "-1").get("synced_at");
        long inboxBefore = inboxRows();
        long quarantineBefore = lockstep.queryForObject("SELECT count(*) FROM quarantine", Long.class);

        JsonNode again = drop(name, csv.getBytes(StandardCharsets.UTF_8), "done");
        assertThat(again.path("rowsRead").asInt()).isEqualTo(2);
        assertThat(again.path("alreadyImported").asInt()).isEqualTo(2);
        assertThat(again.path("written").asInt()).isZero();
        assertThat(again.path("quarantined").asInt()).isZero();
        assertThat(again.path("message").asText()).contains("imported before");
        assertThat(inboxRows()).isEqualTo(inboxBefore);
        assertThat(lockstep.queryForObject("SELECT count(*) FROM quarantine", Long.class)).isEqualTo(quarantineBefore);
        assertThat(customer(t + "-1").get("synced_at")).as("not written again").isEqualTo(syncedAt);
    }

    @Test
    void theReportAndTheRunRecordGiveTheFilesFigures() throws Exception {
        String csv = HEADER + "\n" + t + "-1," + t + ".r1@example.com,R,One,,\n"
                + t + "-2,nope,R,Two,,\n" + t + "-3," + t + ".r3@example.com,R,Three,,\n";
        String name = "report-" + t + ".csv";
        JsonNode report = drop(name, csv.getBytes(StandardCharsets.UTF_8), "done");

        assertThat(Files.exists(inbox.resolve("done").resolve(name))).as("the file itself is in done/").isTrue();
        assertThat(Files.exists(inbox.resolve(name))).isFalse();
        assertThat(report.path("file").asText()).isEqualTo(name);
        assertThat(report.path("pair").asText()).isEqualTo(PAIR);
        assertThat(report.path("sha256").asText()).hasSize(64);
        assertThat(report.path("columns")).hasSize(6);
        assertThat(report.path("rowsRead").asInt()).isEqualTo(3);
        assertThat(report.path("written").asInt()).isEqualTo(2);
        assertThat(report.path("unchanged").asInt()).isZero();
        assertThat(report.path("quarantined").asInt()).isEqualTo(1);
        assertThat(report.path("failed").asInt()).isZero();
        assertThat(report.path("pending").asInt()).isZero();
        assertThat(report.path("alreadyImported").asInt()).isZero();
        assertThat(report.path("quarantinedRows").get(0).path("line").asInt()).isEqualTo(3);

        JsonNode run = json.readTree(http.get("/api/runs/" + report.path("run").asLong()).body());
        assertThat(run.path("pair").asText()).isEqualTo(PAIR);
        assertThat(run.path("kind").asText()).isEqualTo("IMPORT");
        assertThat(run.path("trigger").asText()).isEqualTo("FILE");
        assertThat(run.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.path("counts").path("read").asInt()).isEqualTo(3);
        assertThat(run.path("counts").path("written").asInt()).isEqualTo(2);
        assertThat(run.path("counts").path("quarantined").asInt()).isEqualTo(1);
        assertThat(run.path("message").asText()).startsWith(name + ": 2 written");

        // A row changed in a later export is written; the rows it shares unchanged are not.
        String later = HEADER + "\n" + t + "-1," + t + ".r1@example.com,R,One,,\n"
                + t + "-3," + t + ".r3@example.com,R,Three-Changed,,\n";
        JsonNode next = drop("report-later-" + t + ".csv", later.getBytes(StandardCharsets.UTF_8), "done");
        assertThat(next.path("written").asInt()).isEqualTo(1);
        assertThat(next.path("unchanged").asInt()).isEqualTo(1);
        assertThat(customer(t + "-3")).containsEntry("full_name", "R Three-Changed");
    }

    @Test
    void thePairIsListedWithItsFolderAsTrigger() throws Exception {
        JsonNode pair = json.readTree(http.get("/api/pairs/" + PAIR).body());
        assertThat(pair.path("state").asText()).isEqualTo("RUNNING");
        assertThat(pair.path("source").path("system").asText()).isEqualTo("spreadsheet");
        assertThat(pair.path("target").path("table").asText()).isEqualTo("billing_customer");
        assertThat(pair.path("triggers").get(0).path("type").asText()).isEqualTo("file");
        assertThat(pair.path("triggers").get(0).path("endpoint").asText()).isEqualTo(inbox.toString());
    }

    /** Writes the file under a temporary name, renames it into the folder, and waits for its report. */
    private JsonNode drop(String name, byte[] content, String expectedFolder) throws Exception {
        Path report = inbox.resolve(expectedFolder).resolve(name + ".report.json");
        Files.deleteIfExists(report);
        Path part = inbox.resolve(name + ".part");
        Files.write(part, content);
        Files.move(part, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.exists(report) && !Files.exists(inbox.resolve(name)));
        return json.readTree(Files.readString(report));
    }

    private Map<String, Object> customer(String ref) {
        List<Map<String, Object>> rows = billing.queryForList("SELECT * FROM billing_customer WHERE customer_ref = ?", ref);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private long inboxRows() {
        return lockstep.queryForObject("SELECT count(*) FROM inbox_event WHERE pair = ?", Long.class, PAIR);
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (node.path(field).asText().equals(value)) {
                return node;
            }
        }
        throw new AssertionError("no entry with " + field + " = " + value + " in " + array);
    }
}
