package dev.lockstep.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.support.FreshDatabases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The connector guide's example, run as the guide tells a user to install it: the repository's
 * route and mapping files plus exactly {@code docs/examples/sftp/*} copied into the routes and
 * mappings folders, the SFTP settings as properties, no Java. The partner's server is an embedded
 * SFTP server (Apache MINA SSHD) on loopback; a CSV file left in its outbox must reach billing and
 * be moved to done/ with its report, on the server.
 *
 * <p>Its own Spring context (other folders than the shared one), closed after the class.
 */
@CamelSpringBootTest
// The folders are read before the context's dynamic properties exist: fixed paths, filled in below.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE, properties = {
    "lockstep.routes-dir=target/connector-guide/routes", "lockstep.mappings-dir=target/connector-guide/mappings"})
@ContextConfiguration(initializers = ConnectorGuideExampleTest.WithoutRemotePairs.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ConnectorGuideExampleTest {

    /**
     * Fresh databases, and the pairs that call remote stand-ins (Salesforce, accounting) off: this
     * context is about the example, and is closed after the class while they might be mid-call.
     */
    static class WithoutRemotePairs extends FreshDatabases {
        @Override
        public void initialize(org.springframework.context.ConfigurableApplicationContext context) {
            super.initialize(context);
            org.springframework.boot.test.util.TestPropertyValues.of(
                    "lockstep.systems.salesforce.enabled=false", "lockstep.systems.accounting.base-url=").applyTo(context);
        }
    }

    private static final Path EXAMPLE = Path.of("docs", "examples", "sftp");
    private static final Path WORK;
    private static final Path SERVER_ROOT;
    private static final SshServer SFTP;

    static {
        try {
            WORK = Path.of("target", "connector-guide").toAbsolutePath();
            org.springframework.util.FileSystemUtils.deleteRecursively(WORK);
            Files.createDirectories(WORK);
            SERVER_ROOT = Files.createDirectories(WORK.resolve("sftp-root"));
            Files.createDirectories(SERVER_ROOT.resolve("outbox"));
            install(Path.of("routes"), WORK.resolve("routes"), ".camel.yaml");
            install(Path.of("mappings"), WORK.resolve("mappings"), null);
            // What the guide says to do: the example's route file into routes/, its mapping into mappings/.
            Files.copy(EXAMPLE.resolve("partners-to-billing.camel.yaml"), WORK.resolve("routes").resolve("partners-to-billing.camel.yaml"));
            Files.copy(EXAMPLE.resolve("partners-to-billing.yaml"), WORK.resolve("mappings").resolve("partners-to-billing.yaml"));

            SFTP = SshServer.setUpDefaultServer();
            SFTP.setHost("127.0.0.1");
            SFTP.setPort(0);
            SFTP.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(WORK.resolve("host-key.ser")));
            SFTP.setPasswordAuthenticator((user, password, session) -> "partner".equals(user) && "s3cret".equals(password));
            SFTP.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
            SFTP.setFileSystemFactory(new VirtualFileSystemFactory(SERVER_ROOT));
            SFTP.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        // The guide's environment variables, as properties.
        registry.add("lockstep.systems.partners.host", () -> "127.0.0.1");
        registry.add("lockstep.systems.partners.port", SFTP::getPort);
        registry.add("lockstep.systems.partners.username", () -> "partner");
        registry.add("lockstep.systems.partners.password", () -> "s3cret");
        // The embedded server's host key is new for every run: no known_hosts entry to check it against.
        registry.add("lockstep.systems.partners.strict-host-key-checking", () -> "no");
        registry.add("lockstep.systems.partners.settle-ms", () -> "200");
        registry.add("lockstep.systems.partners.poll-delay-ms", () -> "200");
    }

    @AfterAll
    static void stopServer() throws IOException {
        SFTP.stop(true);
    }

    @Autowired
    @Qualifier("billing")
    DataSource billingDataSource;

    @Autowired
    ObjectMapper json;

    @Test
    void aCsvFileOnThePartnersSftpServerReachesBillingAndIsMovedToDoneWithItsReport() throws Exception {
        JdbcTemplate billing = new JdbcTemplate(billingDataSource);
        String csv = "partner_ref;email;company;phone\n"
                + "a-17;Orders@Acme.example;Acme   Tools Ltd;+44 20 7946 0018\n"
                + "b-18;grace@example.com;Hopper Consulting;\n"
                + "c-19;not-an-email;Broken Row;\n";
        Path outbox = SERVER_ROOT.resolve("outbox");
        Files.writeString(outbox.resolve("customers.csv.part"), csv, StandardCharsets.UTF_8);
        Files.move(outbox.resolve("customers.csv.part"), outbox.resolve("customers.csv"), StandardCopyOption.ATOMIC_MOVE);

        Path report = outbox.resolve("done").resolve("customers.csv.report.json");
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> Files.exists(report) && Files.exists(outbox.resolve("done").resolve("customers.csv")));
        assertThat(Files.exists(outbox.resolve("customers.csv"))).isFalse();

        Map<String, Object> acme = billing.queryForMap("SELECT * FROM billing_customer WHERE customer_ref = 'P-A-17'");
        assertThat(acme).containsEntry("email", "orders@acme.example").containsEntry("full_name", "Acme Tools Ltd")
                .containsEntry("phone", "+442079460018");
        // The demo billing database's B-0001 has grace@example.com: linked and updated, not duplicated.
        assertThat(billing.queryForObject("SELECT full_name FROM billing_customer WHERE customer_ref = 'B-0001'", String.class))
                .isEqualTo("Hopper Consulting");
        assertThat(billing.queryForList("SELECT 1 FROM billing_customer WHERE customer_ref IN ('P-B-18', 'P-C-19')")).isEmpty();

        JsonNode figures = json.readTree(Files.readString(report));
        assertThat(figures.path("pair").asText()).isEqualTo("partners-to-billing");
        assertThat(figures.path("rowsRead").asInt()).isEqualTo(3);
        assertThat(figures.path("written").asInt()).isEqualTo(2);
        assertThat(figures.path("quarantined").asInt()).isEqualTo(1);
        assertThat(figures.path("quarantinedRows").get(0).path("line").asInt()).isEqualTo(4);
        assertThat(figures.path("duplicates").path("target").get(0).path("targetRecord").asText()).isEqualTo("B-0001");
    }

    private static void install(Path from, Path to, String suffix) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (suffix == null || file.getFileName().toString().endsWith(suffix)) {
                    Path target = to.resolve(from.relativize(file).toString());
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target);
                }
            }
        }
    }
}
