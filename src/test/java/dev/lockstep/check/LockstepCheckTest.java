package dev.lockstep.check;

import static dev.lockstep.support.TextLines.lineOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code check} command on copies of the shipped files: exit code and output, nothing started. */
class LockstepCheckTest {

    @TempDir
    Path temp;

    private Path routes;
    private Path mappings;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void copyTheShippedFiles() throws IOException {
        routes = Files.createDirectories(temp.resolve("routes"));
        mappings = temp.resolve("mappings");
        for (String name : List.of("crm-to-billing.camel.yaml", "crm-to-email.camel.yaml", "shared.camel.yaml",
                "storefront-and-warehouse.camel.yaml", "storefront-orders-to-billing.camel.yaml")) {
            Files.copy(Path.of("routes", name), routes.resolve(name));
        }
        org.springframework.util.FileSystemUtils.copyRecursively(Path.of("mappings"), mappings);
    }

    @Test
    void goodFilesExitZeroWithOneOkLine() {
        int exit = run("--lockstep.routes-dir=" + routes, "--lockstep.mappings-dir=" + mappings);

        assertThat(exit).isZero();
        assertThat(out()).isEqualTo("OK: 5 route files, 4 mapping files\n");
    }

    @Test
    void everyProblemOfRouteAndMappingFilesIsPrintedOnItsOwnLineAndTheExitCodeIsOne() throws IOException {
        Path pipeline = routes.resolve("crm-to-billing.camel.yaml");
        String route = Files.readString(pipeline);
        Files.writeString(pipeline, route.replace("ref: orderingGuard", "ref: orderingGuardd"));
        Files.writeString(routes.resolve("broken-pair.camel.yaml"), """
                - route:
                    id: broken
                    from:
                      uri: timer:x
                      steps:
                        - notAStep: {}
                """);
        Path mapping = mappings.resolve("crm-to-billing.yaml");
        String good = Files.readString(mapping);
        Files.writeString(mapping, good.replace("policy: soft", "policy: sometimes"));

        int exit = run("--lockstep.routes-dir=" + routes, "--lockstep.mappings-dir=" + mappings);

        assertThat(exit).isEqualTo(1);
        assertThat(out().lines()).containsExactly(
                "broken-pair.camel.yaml:6:11: unknown key 'notAStep' in route steps (fix: allowed here: aggregate, bean, choice,"
                        + " circuitBreaker, claimCheck, convertBodyTo, convertHeaderTo, convertVariableTo, delay, doCatch, ... (65 in all))",
                "crm-to-billing.camel.yaml:" + lineOf(route, "ref: orderingGuard") + ":24: unknown bean 'orderingGuardd' (process ref)"
                        + " (fix: did you mean 'orderingGuard'?)",
                "crm-to-billing.yaml:" + lineOf(good, "policy: soft") + ":11: unknown delete policy 'sometimes' (fix: use ignore, soft or hard)");
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("3 problems in ");
    }

    @Test
    void aMissingFolderExitsTwoNamingTheFolderAndTheProperty() {
        Path missing = temp.resolve("no-routes-here");

        int exit = run("--lockstep.routes-dir=" + missing, "--lockstep.mappings-dir=" + mappings);

        assertThat(exit).isEqualTo(2);
        assertThat(out()).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(missing.toString()).contains("lockstep.routes-dir");
    }

    @Test
    void theBeansOfTheApplicationAreKnownWithoutStartingIt() {
        assertThat(LockstepCheck.beanNames(LockstepCheck.environment(new String[0])))
                .contains("orderingGuard", "eventInbox", "deadLetterStore", "failureClock", "lockstepDataSource", "billing",
                        "camelContext");
    }

    private int run(String... args) {
        return LockstepCheck.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

}
