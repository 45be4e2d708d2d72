package dev.lockstep.e2e;

import static dev.lockstep.support.CrmEvents.contact;
import static dev.lockstep.support.CrmEvents.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lockstep.massdelete.MassDeleteHolds;
import dev.lockstep.runs.PairRunner;
import dev.lockstep.runs.RunCounts;
import dev.lockstep.runs.SyncRun;
import dev.lockstep.runs.SyncRuns;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The dashboard at {@code /} in a real headless browser (Debian's {@code chromium} with
 * {@code chromedriver}): it loads, shows the demo pair with its state and chart, shows a dead letter
 * this test creates, and its Replay button replays it — the event ends applied in billing. A running
 * run shows its progress bar; a manual conflict the test provokes in the two-way pair is resolved by
 * its "Keep warehouse" button and lands on both sides; a held mass delete is rejected by its button. Skipped,
 * saying why, where no chromium is installed ({@code apt-get install chromium chromium-driver}).
 */
class DashboardTest extends PipelineTestSupport {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(30);

    static final String TWO_WAY = "storefront-and-warehouse";

    WebDriver browser;

    @Autowired
    SyncRuns runs;

    @Autowired
    MassDeleteHolds massDeletes;

    @Autowired
    @Qualifier("storefront")
    DataSource storefront;

    @Autowired
    @Qualifier("warehouse")
    DataSource warehouse;

    @BeforeEach
    void openBrowser() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed) {
            System.out.println("DashboardTest skipped: no " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (install the Debian packages chromium and chromium-driver)");
        }
        Assumptions.assumeTrue(installed, "chromium and chromedriver are not installed");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Headless, and nothing that would reach outside this machine.
        options.addArguments("--headless=new", "--window-size=1400,1000", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic",
                "--user-data-dir=" + Files.createTempDirectory("lockstep-chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theDashboardShowsThePairAndADeadLetterWhoseReplayButtonReplaysIt() throws Exception {
        String record = uniqueId("C");
        String eventId = uniqueId("e");
        String constraint = "dashboard_" + record.substring(2).toLowerCase();
        billing.execute("ALTER TABLE billing_customer ADD CONSTRAINT " + constraint + " CHECK (customer_ref <> '" + record + "')");
        try {
            assertThat(http.postJson(WEBHOOK, contact(eventId, record, "Ada", "2026-11-26T10:00:00Z")).statusCode()).isEqualTo(202);
            await().atMost(WAIT).until(() -> status(eventId), "DEAD_LETTERED"::equals);
        } finally {
            // The cause is fixed in billing; the dead letter stays until someone replays it.
            billing.execute("ALTER TABLE billing_customer DROP CONSTRAINT IF EXISTS " + constraint);
        }

        browser.get("http://127.0.0.1:" + port + "/");
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        WebElement pair = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".pair[data-pair='crm-to-billing']")));
        assertThat(pair.findElement(By.cssSelector(".state")).getText()).isEqualTo("RUNNING");
        assertThat(pair.getText()).contains("crm contact → billing billing_customer", "webhook POST /webhooks/crm/contacts");
        // The replica applying the pair's inbox: this one, the only one, holds the pair's lease.
        assertThat(pair.findElement(By.cssSelector(".consumer")).getText()).startsWith("applied by ").endsWith("(this replica)");
        // The chart has a bar for the minute this test's event failed in.
        assertThat(pair.findElements(By.cssSelector("svg.chart rect.failed"))).isNotEmpty();

        By row = By.cssSelector("#dead-letters tr[data-event-id='" + eventId + "']");
        WebElement deadLetter = wait.until(ExpectedConditions.visibilityOfElementLocated(row));
        assertThat(deadLetter.getText()).contains(record, "deliver", constraint);

        deadLetter.findElement(By.cssSelector("button.replay")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "is replaying"));
        await().atMost(WAIT).until(() -> status(eventId), "APPLIED"::equals);
        assertThat(billing.queryForObject("SELECT full_name FROM billing_customer WHERE customer_ref = ?", String.class, record))
                .isEqualTo("Ada Lovelace");
        JsonNode replayed = json.readTree(http.get("/api/dead-letters?status=replayed&pair=crm-to-billing&limit=1000").body());
        assertThat(replayed.findValuesAsText("eventId")).contains(eventId);
        // The next refresh no longer lists it among the open dead letters.
        wait.until(ExpectedConditions.invisibilityOfElementLocated(row));
        // A later refresh charts the applied event as done in the current minute.
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".pair[data-pair='crm-to-billing'] svg.chart rect.done")));
        // For a person to look at: what the page showed.
        Path screenshot = Path.of("target", "dashboard", "dashboard.png");
        Files.createDirectories(screenshot.getParent());
        Files.write(screenshot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void theDashboardShowsARunningRunsProgressAndResolvesAConflictAndRejectsAHeldMassDelete() throws Exception {
        // A running backfill, 420 of 1,000 rows done, created as a pair's runner would.
        String runPair = "dashboard-" + uniqueId("r").toLowerCase();
        long earlier = runs.start(runPair, PairRunner.SYNC, "SCHEDULE");
        runs.finish(earlier, "SUCCEEDED", null);
        long run = runs.start(runPair, PairRunner.BACKFILL, "API");
        assertThat(runs.latestPerPair()).as("each pair's newest run").filteredOn(r -> r.pair().equals(runPair))
                .extracting(SyncRun::id).containsExactly(run);
        runs.total(run, 1000);
        runs.advance(run, new RunCounts(420, 400, 20, 0, 0, 0), null);
        // A held mass delete, as the guard records one.
        String heldKey = "DASH-" + uniqueId("m");
        massDeletes.hold(TWO_WAY, "warehouse", List.of(heldKey + "-1", heldKey + "-2"), 2, 5, 0.2);
        long hold = massDeletes.list(MassDeleteHolds.HELD, TWO_WAY).stream()
                .filter(h -> h.keys().contains(heldKey + "-1")).findFirst().orElseThrow().id();
        // A real manual conflict: both systems change one product's barcode in the same poll.
        String sku = "DASH-" + UUID.randomUUID().toString().substring(0, 8);
        JdbcTemplate shop = new JdbcTemplate(storefront);
        JdbcTemplate stock = new JdbcTemplate(warehouse);
        shop.update("INSERT INTO storefront_product (sku, name, price, quantity) VALUES (?, 'Dashboard tray', 12.50, 3)", sku);
        await().atMost(WAIT).until(() -> exists(stock, sku));
        shop.update("UPDATE storefront_product SET barcode = '5000000000001' WHERE sku = ?", sku);
        stock.update("UPDATE warehouse_stock SET barcode = '5000000000002' WHERE sku = ?", sku);
        await().atMost(WAIT).until(() -> !json.readTree(http.get("/api/conflicts?status=open&key=" + sku).body()).isEmpty());

        try {
            browser.get("http://127.0.0.1:" + port + "/");
            WebDriverWait wait = new WebDriverWait(browser, WAIT);

            WebElement runRow = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#runs tr[data-run-id='" + run + "']")));
            WebElement bar = runRow.findElement(By.cssSelector("progress.run-progress"));
            assertThat(bar.getDomProperty("value")).isEqualTo("420");
            assertThat(bar.getDomProperty("max")).isEqualTo("1000");
            assertThat(runRow.getText()).contains("RUNNING", "BACKFILL", "420 / 1000 rows (42%)");
            // Below the running ones: each pair's last run, here the scheduled two-way poll's.
            assertThat(browser.findElements(By.cssSelector("#runs tbody tr")).stream().map(WebElement::getText))
                    .anyMatch(text -> text.contains(TWO_WAY) && text.contains("SCHEDULE"));

            By conflictRow = By.cssSelector("#conflicts tr[data-key='" + sku + "']");
            WebElement conflict = wait.until(ExpectedConditions.visibilityOfElementLocated(conflictRow));
            assertThat(conflict.getText()).contains("barcode", "storefront: 5000000000001", "warehouse: 5000000000002");
            conflict.findElement(By.cssSelector("button.keep[data-system='warehouse']")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "goes to both sides"));
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(barcode(shop, "storefront_product", sku)).isEqualTo("5000000000002");
                assertThat(barcode(stock, "warehouse_stock", sku)).isEqualTo("5000000000002");
            });
            wait.until(ExpectedConditions.invisibilityOfElementLocated(conflictRow));

            WebElement held = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#mass-deletes tr[data-id='" + hold + "']")));
            assertThat(held.getText()).contains("warehouse", "2 of 5 records", heldKey + "-1");
            held.findElement(By.cssSelector("button.reject")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("message"), "Mass delete " + hold + " rejected"));
            assertThat(massDeletes.get(hold).orElseThrow().status()).isEqualTo("REJECTED");

            Path screenshot = Path.of("target", "dashboard", "dashboard-runs-conflicts.png");
            Files.createDirectories(screenshot.getParent());
            Files.write(screenshot, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } finally {
            runs.finish(run, "SUCCEEDED", null);
        }
    }

    private static String barcode(JdbcTemplate system, String table, String sku) {
        return system.queryForList("SELECT barcode FROM " + table + " WHERE sku = ?", String.class, sku).stream().findFirst().orElse(null);
    }

    private static boolean exists(JdbcTemplate system, String sku) {
        return system.queryForObject("SELECT count(*) FROM warehouse_stock WHERE sku = ?", Integer.class, sku) == 1;
    }

    private String status(String eventId) {
        return lockstep.queryForList("SELECT status FROM inbox_event WHERE pair = 'crm-to-billing' AND event_id = ?", String.class, eventId)
                .stream().findFirst().orElse("MISSING");
    }
}
