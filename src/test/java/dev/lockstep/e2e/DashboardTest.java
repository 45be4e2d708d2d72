package dev.lockstep.e2e;

import static dev.lockstep.support.CrmEvents.contact;
import static dev.lockstep.support.CrmEvents.uniqueId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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

/**
 * The dashboard at {@code /} in a real headless browser (Debian's {@code chromium} with
 * {@code chromedriver}): it loads, shows the demo pair with its state and chart, shows a dead letter
 * this test creates, and its Replay button replays it — the event ends applied in billing. Skipped,
 * saying why, where no chromium is installed ({@code apt-get install chromium chromium-driver}).
 */
class DashboardTest extends PipelineTestSupport {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(30);

    WebDriver browser;

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

    private String status(String eventId) {
        return lockstep.queryForList("SELECT status FROM inbox_event WHERE pair = 'crm-to-billing' AND event_id = ?", String.class, eventId)
                .stream().findFirst().orElse("MISSING");
    }
}
