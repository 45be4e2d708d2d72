package dev.lockstep.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lockstep.support.CrmEvents;
import dev.lockstep.support.CrmSyncCheck;
import dev.lockstep.support.CrmWebhookSender;
import dev.lockstep.support.FreshDatabases;
import dev.lockstep.support.Http;
import dev.lockstep.support.LockstepJvm;
import dev.lockstep.support.OtlpStandIn;
import dev.lockstep.support.TestDatabases;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The scale-out proof: two Lockstep instances, two JVMs on two ports, one PostgreSQL. A CRM sends
 * a stream of contact events split across both (one in ten sent to both, as a sender retrying
 * elsewhere does), while the scheduled two-way pair polls through the clustered Quartz store. Then
 * the instance consuming crm-to-billing's inbox (the holder of its lease) is killed with SIGKILL in
 * the middle of the stream, and the CRM carries on against the other alone.
 *
 * <p>In the end: every event is in the inbox once with a final outcome, billing and the ledger hold
 * each contact's last version (nothing lost, nothing applied twice or out of order), the survivor
 * took the lease over and applied what the dead one left, and every scheduled fire ran once, before
 * and after the kill. Both instances trace to a stand-in OTLP collector, which must receive spans
 * carrying an event's id. Children's output: {@code target/scale-out/}.
 */
class ScaleOutTest {

    private static final String PAIR = CrmSyncCheck.PAIR;
    private static final String SCHEDULED = "storefront-and-warehouse";
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration PACE = Duration.ofMillis(5);
    private static final Duration TRAFFIC_BEFORE_KILL = Duration.ofSeconds(5);
    private static final Duration TRAFFIC_AFTER_KILL = Duration.ofSeconds(5);

    private final long seed = Long.getLong("lockstep.scale.seed", System.nanoTime());
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void twoReplicasShareTheWorkAndAKilledOneLosesAndDoublesNothing() throws Exception {
        Instant began = Instant.now();
        TestDatabases pg = TestDatabases.get();
        String stateUrl = pg.createDatabase("lockstep_scale");
        String billingUrl = pg.createDatabase("billing_scale");
        JdbcTemplate state = jdbc(pg, stateUrl);
        JdbcTemplate billing = jdbc(pg, billingUrl);
        String prefix = CrmEvents.uniqueId("S");
        CrmWebhookSender crm = new CrmWebhookSender(prefix, new Random(seed).nextLong());

        try (OtlpStandIn collector = OtlpStandIn.start()) {
            // Both instances get the same list: the same databases and the same clustered Quartz scheduler.
            List<String> properties = new ArrayList<>(List.of(FreshDatabases.withTwoWay(pg, stateUrl, billingUrl)));
            properties.add("lockstep.scale.lease-duration=" + LEASE.toMillis() + "ms");
            properties.add("lockstep.two-way.poll-interval-ms=1000");
            properties.add("lockstep.tracing.otlp-endpoint=" + collector.endpoint());
            properties.add("logging.level.dev.lockstep=INFO");
            try (LockstepJvm a = LockstepJvm.on(LockstepJvm.freePort(), Path.of("target", "scale-out", "lockstep-a.log"), properties);
                 LockstepJvm b = LockstepJvm.on(LockstepJvm.freePort(), Path.of("target", "scale-out", "lockstep-b.log"), properties)) {
                try {
                    // One after the other: two start-ups at once on a busy 2-core machine can outlast the ready timeout.
                    a.start();
                    a.awaitReady();
                    b.start();
                    b.awaitReady();
                    say("seed %d; both ready after %d s", seed, Duration.between(began, Instant.now()).toSeconds());

                    String firstHolder = awaitHolder(state);
                    LockstepJvm consumer = firstHolder.endsWith(":" + a.port()) ? a : b;
                    LockstepJvm survivor = consumer == a ? b : a;
                    assertThat(firstHolder).as("the lease names its holder by host and port").endsWith(":" + consumer.port());

                    List<Integer> live = new CopyOnWriteArrayList<>(List.of(a.port(), b.port()));
                    AtomicBoolean stop = new AtomicBoolean();
                    AtomicReference<Throwable> senderFailure = new AtomicReference<>();
                    Thread sender = new Thread(() -> crm.runAcross(() -> live, PACE, 10, stop::get), "crm-sender");
                    sender.setUncaughtExceptionHandler((t, e) -> senderFailure.set(e));
                    sender.setDaemon(true);
                    sender.start();

                    Thread.sleep(TRAFFIC_BEFORE_KILL.toMillis()); // traffic on both, then the kill lands mid-stream
                    long appliedBeforeKill = closed(state);
                    Instant killedAt = Instant.now();
                    consumer.kill();
                    live.remove(Integer.valueOf(consumer.port()));
                    say("kill -9 of the instance on port %d (holder of %s) after %d events; %d closed so far",
                            consumer.port(), PAIR, crm.events().size(), appliedBeforeKill);
                    Thread.sleep(TRAFFIC_AFTER_KILL.toMillis()); // the CRM carries on against the survivor
                    stop.set(true);
                    sender.join(Duration.ofSeconds(15).toMillis());
                    assertThat(sender.isAlive()).as("the CRM sender stopped").isFalse();
                    assertThat(senderFailure.get()).as("the CRM sender's failure").isNull();

                    Instant deadline = Instant.now().plusSeconds(20);
                    assertThat(crm.resendUnsure(survivor.port(), () -> Instant.now().isAfter(deadline)))
                            .as("every event the CRM is unsure of is accepted by the survivor").isTrue();
                    await("the survivor drains the inbox").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                            .until(() -> pending(state) == 0);
                    say("inbox drained %d ms after the kill", Duration.between(killedAt, Instant.now()).toMillis());

                    // Failover: the survivor holds the lease now, and applied events after the kill.
                    JsonNode leases = json.readTree(new Http(survivor.port()).get("/api/leases").body());
                    assertThat(lease(leases, PAIR).path("mine").asBoolean()).as("the survivor holds %s: %s", PAIR, leases).isTrue();
                    assertThat(state.queryForObject("SELECT count(*) FROM inbox_event WHERE pair = ? AND processed_at > ?",
                            Integer.class, PAIR, Timestamp.from(killedAt))).as("events closed after the kill").isPositive();

                    await("scheduled fires run on the survivor after the kill").atMost(Duration.ofSeconds(30))
                            .until(() -> runsStartedAfter(state, killedAt) >= 2);
                    assertScheduledFiresRanOnce(state, killedAt);

                    await("a span carrying an event id reaches the collector").atMost(Duration.ofSeconds(15))
                            .until(() -> collector.received("lockstep.event_id", lastEventId(crm)));
                    say("%d OTLP exports received", collector.exportCount());
                } catch (Throwable failure) {
                    System.out.println("[scale-out] FAILED (seed " + seed + "); instance A's log ends:\n" + a.logTail(60)
                            + "\ninstance B's log ends:\n" + b.logTail(60));
                    throw failure;
                }
            }
        }

        say("%d events to %d contacts, %d also sent to the other replica, %d redelivered, %d resent after no 202; "
                        + "answers other than 202: %s; %d s",
                crm.events().size(), crm.latest().size(), crm.sentToBoth(), crm.redeliveries(), crm.retried().size(),
                crm.refusals(), Duration.between(began, Instant.now()).toSeconds());
        assertThat(crm.sentToBoth()).as("events sent to both replicas").isPositive();
        assertThat(crm.refusals().keySet()).as("answers other than 202 (counted: %s)", crm.refusals()).isSubsetOf("HTTP 503");
        assertThat(crm.accepted()).as("every event the CRM sent was accepted in the end")
                .containsExactlyInAnyOrderElementsOf(crm.events().keySet());
        assertThat(CrmSyncCheck.inboxProblems(crm, state)).as("inbox rows of the CRM's events").isEmpty();
        assertThat(CrmSyncCheck.billingProblems(crm, billing, prefix)).as("billing rows against each contact's last version").isEmpty();
        assertThat(CrmSyncCheck.ledgerProblems(crm, state)).as("ledger entries against each contact's last version").isEmpty();
        assertThat(state.queryForObject("SELECT count(*) FROM dead_letter WHERE pair = ?", Integer.class, PAIR)).as("dead letters").isZero();
        assertThat(state.queryForObject("SELECT count(*) FROM quarantine WHERE pair = ?", Integer.class, PAIR)).as("quarantined").isZero();
    }

    /**
     * Every fire of the clustered Quartz trigger is one run: no scheduled time appears twice in
     * {@code sync_run}, whichever instance ran it, and fires went on after the kill.
     */
    private void assertScheduledFiresRanOnce(JdbcTemplate state, Instant killedAt) {
        Map<String, List<String>> runsByFire = new TreeMap<>();
        state.query("SELECT message, status FROM sync_run WHERE pair = ? AND run_trigger = 'SCHEDULE'", rs -> {
            String message = rs.getString(1);
            String fire = message == null ? "(running)" : message.replaceFirst(": .*$", "");
            runsByFire.computeIfAbsent(fire, f -> new ArrayList<>()).add(rs.getString(2));
        }, SCHEDULED);
        List<String> twice = runsByFire.entrySet().stream().filter(e -> e.getValue().size() > 1 && !e.getKey().equals("(running)"))
                .map(e -> e.getKey() + " ran " + e.getValue()).toList();
        say("%d scheduled fires recorded, %d after the kill", runsByFire.size(), runsStartedAfter(state, killedAt));
        assertThat(runsByFire.size()).as("scheduled fires recorded").isGreaterThanOrEqualTo(5);
        assertThat(twice).as("scheduled fires run more than once").isEmpty();
        assertThat(runsByFire.getOrDefault("(running)", List.of()).size()).as("runs left running (cut short by the kill)")
                .isLessThanOrEqualTo(1);
    }

    private static int runsStartedAfter(JdbcTemplate state, Instant instant) {
        return state.queryForObject("SELECT count(*) FROM sync_run WHERE pair = ? AND status = 'SUCCEEDED' AND started_at > ?",
                Integer.class, SCHEDULED, Timestamp.from(instant));
    }

    private static String awaitHolder(JdbcTemplate state) {
        AtomicReference<String> holder = new AtomicReference<>();
        await("a replica takes the lease of " + PAIR).atMost(Duration.ofSeconds(30)).until(() -> {
            state.queryForList("SELECT holder FROM pair_lease WHERE name = ? AND expires_at > now()", String.class, PAIR)
                    .stream().findFirst().ifPresent(holder::set);
            return holder.get() != null;
        });
        return holder.get();
    }

    private static JsonNode lease(JsonNode leases, String name) {
        for (JsonNode lease : leases.path("leases")) {
            if (name.equals(lease.path("name").asText())) {
                return lease;
            }
        }
        return json().missingNode();
    }

    private static ObjectMapper json() {
        return new ObjectMapper();
    }

    /** The newest event the CRM sent: accepted by the survivor, so its spans are the survivor's. */
    private static String lastEventId(CrmWebhookSender crm) {
        return new ArrayList<>(crm.events().keySet()).get(crm.events().size() - 1);
    }

    private static long closed(JdbcTemplate state) {
        return state.queryForObject("SELECT count(*) FROM inbox_event WHERE pair = ? AND status <> 'PENDING'", Long.class, PAIR);
    }

    private static int pending(JdbcTemplate state) {
        return state.queryForObject("SELECT count(*) FROM inbox_event WHERE pair = ? AND status = 'PENDING'", Integer.class, PAIR);
    }

    private static JdbcTemplate jdbc(TestDatabases pg, String url) {
        return new JdbcTemplate(new DriverManagerDataSource(url, pg.user(), pg.password()));
    }

    private static void say(String format, Object... args) {
        System.out.println("[scale-out] " + format.formatted(args));
    }
}
