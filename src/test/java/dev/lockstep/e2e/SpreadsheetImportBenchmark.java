package dev.lockstep.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * Measures a spreadsheet import: a file of {@code -Dlockstep.bench.rows} (10,000) new customers
 * dropped into the pair's folder, timed from the drop to its report, then the same file with every
 * row changed. Prints figures; asserts nothing about time. Not part of the suite (its name is no
 * test's): {@code mvn test -Dtest=SpreadsheetImportBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class SpreadsheetImportBenchmark extends PipelineTestSupport {

    @Value("${lockstep.systems.spreadsheet.inbox}")
    Path inbox;

    @Test
    void importsAFileOfTenThousandRows() throws Exception {
        int rows = Integer.getInteger("lockstep.bench.rows", 10_000);
        String run = UUID.randomUUID().toString().substring(0, 6);
        measure("new", run, rows, "First");
        measure("changed", run, rows, "Second");
    }

    private void measure(String label, String run, int rows, String firstName) throws Exception {
        StringBuilder csv = new StringBuilder("customer_id;email;first_name;last_name;phone;country\n");
        for (int i = 0; i < rows; i++) {
            csv.append("BENCH-").append(run).append('-').append(i).append(";bench.").append(run).append('.').append(i)
                    .append("@example.com;").append(firstName).append(";Customer ").append(i).append(";+44 20 7946 ")
                    .append(String.format("%04d", i % 10_000)).append(";GB\n");
        }
        String name = "bench-" + label + "-" + run + ".csv";
        Path part = inbox.resolve(name + ".part");
        Files.writeString(part, csv, StandardCharsets.UTF_8);
        long start = System.nanoTime();
        Files.move(part, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        Path report = inbox.resolve("done").resolve(name + ".report.json");
        Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofMillis(50)).until(() -> Files.exists(report));
        double seconds = (System.nanoTime() - start) / 1e9;
        JsonNode figures = json.readTree(Files.readString(report));
        System.out.printf("spreadsheet import (%s rows): %d rows, %d written, %d unchanged, %d quarantined; "
                        + "drop to report %.1f s (%.0f rows/s), of which the import's own %.1f s (%.0f rows/s)%n",
                label, figures.path("rowsRead").asInt(), figures.path("written").asInt(), figures.path("unchanged").asInt(),
                figures.path("quarantined").asInt(), seconds, rows / seconds, figures.path("seconds").asDouble(),
                rows / figures.path("seconds").asDouble());
    }
}
