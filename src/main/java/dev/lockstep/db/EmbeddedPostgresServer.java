package dev.lockstep.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The zero-set-up database: a real PostgreSQL, unpacked from Maven Central's binaries and started
 * on first use. It keeps its files under {@code lockstep.data-dir} so state survives a restart;
 * each logical database (Lockstep's own state, the demo billing system) is a separate database in it.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final Path dataDir;
    private final int port;
    private final boolean ephemeral;
    private EmbeddedPostgres postgres;

    public EmbeddedPostgresServer(Path dataDir, int port, boolean ephemeral) {
        this.dataDir = dataDir;
        this.port = port;
        this.ephemeral = ephemeral;
    }

    /** The JDBC URL of {@code database}, created on first use. */
    public synchronized String jdbcUrl(String database) {
        EmbeddedPostgres pg = started();
        createDatabaseIfMissing(pg, database);
        return pg.getJdbcUrl("postgres", database);
    }

    public String username() {
        return "postgres";
    }

    private EmbeddedPostgres started() {
        if (postgres != null) {
            return postgres;
        }
        try {
            // No shutdown hook of its own: on SIGTERM it would stop PostgreSQL while Lockstep is still
            // finishing in-flight work and giving back its leases; Spring closes it last instead
            // (and a PostgreSQL left by kill -9 is stopped on the next start, below).
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setPort(port).setRegisterShutdownHook(false);
            if (!ephemeral) {
                Files.createDirectories(dataDir);
                stopOrphanedServer(dataDir);
                builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
            }
            postgres = builder.start();
            log.info("Embedded PostgreSQL started on port {} ({})", postgres.getPort(),
                    ephemeral ? "ephemeral" : "data in " + dataDir);
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dataDir
                    + " (set spring.datasource.url to use a running PostgreSQL instead)", e);
        }
    }

    /**
     * A Lockstep killed with {@code kill -9} leaves its PostgreSQL running and holding the data
     * folder, so the next start would fail. Stop that orphan (only if it really is a postgres
     * process) and let PostgreSQL recover from its own log as after any crash.
     */
    private static void stopOrphanedServer(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        String firstLine = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
        if (!firstLine.matches("\\d+")) {
            return;
        }
        ProcessHandle.of(Long.parseLong(firstLine))
                .filter(p -> p.info().command().map(c -> c.contains("postgres")).orElse(false))
                .ifPresent(orphan -> {
                    log.warn("Stopping the embedded PostgreSQL (pid {}) left running by a previous Lockstep", orphan.pid());
                    orphan.destroy();
                    orphan.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join();
                });
    }

    private static void createDatabaseIfMissing(EmbeddedPostgres pg, String database) {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain database name: " + database);
        }
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + database);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + database + " in the embedded PostgreSQL", e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (postgres != null) {
            postgres.close();
            postgres = null;
        }
    }
}
