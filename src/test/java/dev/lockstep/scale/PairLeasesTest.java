package dev.lockstep.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lockstep.support.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The pair leases on real PostgreSQL (the table from its Flyway migration), without Spring: one
 * holder at a time, expiry, giving back, a holder restarted under its own name, and a holder that
 * cannot reach the database stepping down before its lease can pass to anyone else.
 */
class PairLeasesTest {

    static DataSource database;

    @BeforeAll
    static void table() throws Exception {
        TestDatabases pg = TestDatabases.get();
        database = new DriverManagerDataSource(pg.createDatabase("lease_test"), pg.user(), pg.password());
        new JdbcTemplate(database).execute(Files.readString(Path.of("src/main/resources/db/migration/V7_5__pair_lease.sql")));
    }

    @Test
    void oneHolderAtATimeUntilItsLeaseExpiresOrIsGivenBack() throws Exception {
        PairLeases leases = new PairLeases(database);
        Duration lease = Duration.ofSeconds(1);
        Duration timeout = Duration.ofSeconds(1);

        assertThat(leases.takeOrRenew("pair-a", "replica-1", lease, timeout)).as("a free lease is taken").isTrue();
        assertThat(leases.takeOrRenew("pair-a", "replica-2", lease, timeout)).as("a held lease is not").isFalse();
        assertThat(leases.takeOrRenew("pair-a", "replica-1", lease, timeout)).as("the holder renews").isTrue();
        assertThat(leases.takeOrRenew("pair-b", "replica-2", lease, timeout)).as("another pair's lease is its own").isTrue();

        await().atMost(Duration.ofSeconds(5)).until(() -> leases.takeOrRenew("pair-a", "replica-2", lease, timeout));
        assertThat(leases.holder("pair-a")).contains("replica-2");
        assertThat(leases.takeOrRenew("pair-a", "replica-1", lease, timeout)).as("the old holder's renewal, after expiry").isFalse();

        leases.release("pair-a", "replica-1");
        assertThat(leases.holder("pair-a")).as("only the holder can give it back").contains("replica-2");
        leases.release("pair-a", "replica-2");
        assertThat(leases.takeOrRenew("pair-a", "replica-1", lease, timeout)).as("given back: taken at once").isTrue();
        // A replica restarted under the same name (host and port) takes its unexpired lease back at once.
        assertThat(leases.takeOrRenew("pair-a", "replica-1", Duration.ofMinutes(1), timeout)).isTrue();
        assertThat(leases.takeOrRenew("pair-a", "replica-2", lease, timeout)).isFalse();
    }

    @Test
    void aHolderThatCannotRenewStepsDownBeforeItsLeaseCanPassToAnotherAndComesBack() throws Exception {
        Duration lease = Duration.ofSeconds(3);
        FlakyLeases leases = new FlakyLeases(database);
        LeaseClusterService service = new LeaseClusterService(leases, new LeaseProperties(lease, null), () -> "replica-x");
        List<Boolean> leadership = new CopyOnWriteArrayList<>();
        AtomicLong steppedDownAt = new AtomicLong();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addService(service, true, true);
            camel.start();
            CamelClusterView view = service.getView("pair-x");
            view.addEventListener((CamelClusterEventListener.Leadership) (v, leader) -> {
                boolean mine = leader != null && leader.isLocal();
                if (!mine) {
                    steppedDownAt.set(System.nanoTime());
                }
                leadership.add(mine);
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> view.getLocalMember().isLeader());

            leases.failing.set(true);
            await().atMost(Duration.ofSeconds(10)).until(() -> !view.getLocalMember().isLeader());
            Duration held = Duration.ofNanos(steppedDownAt.get() - leases.lastRenewalSent.get());
            assertThat(held).as("leading after the last renewal was sent, unable to renew").isLessThan(lease);
            assertThat(new PairLeases(database).holder("pair-x")).as("nobody else could have taken it yet, or it was ours")
                    .hasValueSatisfying(h -> assertThat(h).isEqualTo("replica-x"));

            leases.failing.set(false);
            await().atMost(Duration.ofSeconds(10)).until(() -> view.getLocalMember().isLeader());
            assertThat(leadership).containsSubsequence(true, false, true);

            // The consumer stops (its route stops): the lease stays until Camel has finished its routes ...
            service.releaseView(view);
            assertThat(view.getLocalMember().isLeader()).isFalse();
            assertThat(new PairLeases(database).holder("pair-x")).contains("replica-x");
            // ... and is given back when Camel stops, for another replica to take at once.
            camel.stop();
            assertThat(new PairLeases(database).holder("pair-x")).isEmpty();
        }
    }

    /** The real leases, except that the database can be made unreachable. */
    static final class FlakyLeases extends PairLeases {
        final AtomicBoolean failing = new AtomicBoolean();
        final AtomicLong lastRenewalSent = new AtomicLong();

        FlakyLeases(DataSource database) {
            super(database);
        }

        @Override
        public boolean takeOrRenew(String name, String holder, Duration duration, Duration timeout) {
            long sent = System.nanoTime();
            if (failing.get()) {
                throw new DataAccessResourceFailureException("the database is unreachable (test)");
            }
            boolean held = super.takeOrRenew(name, holder, duration, timeout);
            if (held) {
                lastRenewalSent.set(sent);
            }
            return held;
        }
    }
}
