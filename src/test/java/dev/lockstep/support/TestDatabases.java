package dev.lockstep.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Where the tests' PostgreSQL comes from, decided once per test JVM and printed:
 * <ol>
 *   <li>{@code LOCKSTEP_TEST_PG_URL} (a JDBC URL to a maintenance database, user in the URL or
 *       {@code LOCKSTEP_TEST_PG_USER}), when set;</li>
 *   <li>else a PostgreSQL answering on 127.0.0.1:5432 as {@code postgres} (trust auth);</li>
 *   <li>else (or with {@code LOCKSTEP_TEST_PG=embedded}) an embedded PostgreSQL started for this JVM.</li>
 * </ol>
 * Every test context gets fresh databases in it, dropped when the JVM exits.
 */
public final class TestDatabases {

    private static final String LOCAL_URL = "jdbc:postgresql://127.0.0.1:5432/postgres?connectTimeout=2";
    private static TestDatabases instance;

    private final String adminUrl;
    private final String user;
    private final String password;
    private final List<String> created = new ArrayList<>();

    private TestDatabases(String adminUrl, String user, String password) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        Runtime.getRuntime().addShutdownHook(new Thread(this::dropAll));
    }

    public static synchronized TestDatabases get() {
        if (instance == null) {
            instance = choose();
        }
        return instance;
    }

    private static TestDatabases choose() {
        String configured = System.getenv("LOCKSTEP_TEST_PG_URL");
        if (configured != null && !configured.isBlank()) {
            String user = System.getenv().getOrDefault("LOCKSTEP_TEST_PG_USER", "postgres");
            String password = System.getenv().getOrDefault("LOCKSTEP_TEST_PG_PASSWORD", "");
            System.out.println("[lockstep-test] PostgreSQL: configured by LOCKSTEP_TEST_PG_URL (" + configured + ")");
            return new TestDatabases(configured, user, password);
        }
        if ("embedded".equalsIgnoreCase(System.getenv("LOCKSTEP_TEST_PG"))) {
            return embedded("LOCKSTEP_TEST_PG=embedded");
        }
        try (Connection c = DriverManager.getConnection(LOCAL_URL, "postgres", "")) {
            System.out.println("[lockstep-test] PostgreSQL: the server running on 127.0.0.1:5432 ("
                    + c.getMetaData().getDatabaseProductVersion() + ")");
            return new TestDatabases(LOCAL_URL, "postgres", "");
        } catch (SQLException notRunning) {
            return embedded("nothing answered on 127.0.0.1:5432");
        }
    }

    private static TestDatabases embedded(String why) {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (Exception ignored) {
                    // the JVM is exiting
                }
            }));
            System.out.println("[lockstep-test] PostgreSQL: embedded, started for this run on port " + pg.getPort()
                    + " (" + why + ")");
            return new TestDatabases(pg.getJdbcUrl("postgres", "postgres"), "postgres", "");
        } catch (Exception e) {
            throw new IllegalStateException("No PostgreSQL for the tests: the embedded one failed to start (" + why + ")", e);
        }
    }

    /** Creates a fresh, empty database and returns its JDBC URL. */
    public synchronized String createDatabase(String prefix) {
        String name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + name);
        created.add(name);
        return urlOf(name);
    }

    public String urlOf(String database) {
        int slash = adminUrl.lastIndexOf('/');
        int query = adminUrl.indexOf('?', slash);
        return adminUrl.substring(0, slash + 1) + database + (query < 0 ? "" : adminUrl.substring(query));
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** Runs one statement on the maintenance database (as a superuser). */
    public void admin(String sql) {
        try (Connection c = DriverManager.getConnection(adminUrl, user, password); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Failed: " + sql, e);
        }
    }

    private void dropAll() {
        for (String name : created) {
            try {
                admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } catch (RuntimeException ignored) {
                // best effort at exit
            }
        }
    }
}
