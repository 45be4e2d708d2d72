package dev.lockstep.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Where the tests' warehouse database lives, decided once per test JVM and printed: MariaDB on
 * 127.0.0.1:3306 (root, no password) when one answers (and {@code LOCKSTEP_TEST_WAREHOUSE} is not
 * {@code postgres}), else a second database on the tests' PostgreSQL ({@link TestDatabases}).
 * Every call gives a fresh, randomly named database, dropped when the JVM exits.
 */
public final class TestWarehouse {

    private static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/?connectTimeout=2000";
    private static TestWarehouse instance;

    /** A fresh warehouse database: its JDBC URL, user and password. */
    public record Database(String url, String user, String password, String kind) {
    }

    private final boolean mariadb;
    private final List<String> created = new ArrayList<>();

    private TestWarehouse(boolean mariadb) {
        this.mariadb = mariadb;
        if (mariadb) {
            Runtime.getRuntime().addShutdownHook(new Thread(this::dropAll));
        }
    }

    public static synchronized TestWarehouse get() {
        if (instance == null) {
            instance = choose();
        }
        return instance;
    }

    private static TestWarehouse choose() {
        if ("postgres".equalsIgnoreCase(System.getenv("LOCKSTEP_TEST_WAREHOUSE"))) {
            System.out.println("[lockstep-test] Warehouse: a second PostgreSQL database (LOCKSTEP_TEST_WAREHOUSE=postgres)");
            return new TestWarehouse(false);
        }
        try (Connection c = DriverManager.getConnection(MARIADB, "root", "")) {
            System.out.println("[lockstep-test] Warehouse: MariaDB on 127.0.0.1:3306 (" + c.getMetaData().getDatabaseProductVersion() + ")");
            return new TestWarehouse(true);
        } catch (SQLException notRunning) {
            System.out.println("[lockstep-test] Warehouse: a second PostgreSQL database (nothing answered on 127.0.0.1:3306)");
            return new TestWarehouse(false);
        }
    }

    public boolean isMariaDb() {
        return mariadb;
    }

    public synchronized Database create() {
        if (!mariadb) {
            TestDatabases pg = TestDatabases.get();
            return new Database(pg.createDatabase("warehouse_test"), pg.user(), pg.password(), "PostgreSQL");
        }
        String name = "warehouse_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        admin("CREATE DATABASE " + name);
        created.add(name);
        return new Database("jdbc:mariadb://127.0.0.1:3306/" + name, "root", "", "MariaDB");
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(MARIADB, "root", ""); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Failed: " + sql, e);
        }
    }

    private void dropAll() {
        for (String name : created) {
            try {
                admin("DROP DATABASE IF EXISTS " + name);
            } catch (RuntimeException ignored) {
                // best effort at exit
            }
        }
    }
}
