package dev.lockstep.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PairSchedulesTest {

    static final String KEY = "lockstep.pairs.p.schedule";

    @Test
    void intervalsBecomeCronsFiringAtFixedWallClockTimes() {
        assertThat(PairSchedules.cron(KEY, "30s")).isEqualTo("0/30 * * * * ?");
        assertThat(PairSchedules.cron(KEY, "15m")).isEqualTo("0 0/15 * * * ?");
        assertThat(PairSchedules.cron(KEY, " 2h ")).isEqualTo("0 0 0/2 * * ?");
        assertThat(PairSchedules.cron(KEY, "1d")).isEqualTo("0 0 0 * * ?");
    }

    @Test
    void aCronIsTakenAsGiven() {
        assertThat(PairSchedules.cron(KEY, "0 30 2 * * ?")).isEqualTo("0 30 2 * * ?");
    }

    @Test
    void anythingElseIsRefusedNamingTheProperty() {
        assertThatThrownBy(() -> PairSchedules.cron(KEY, "7m")).hasMessageContaining(KEY + "=7m")
                .hasMessageContaining("divide its next unit");
        assertThatThrownBy(() -> PairSchedules.cron(KEY, "2d")).hasMessageContaining(KEY);
        assertThatThrownBy(() -> PairSchedules.cron(KEY, "every quarter hour")).hasMessageContaining(KEY)
                .hasMessageContaining("Quartz cron");
        assertThatThrownBy(() -> PairSchedules.cron(KEY, "0 61 * * * ?")).hasMessageContaining(KEY);
    }

    @Test
    void routesReadEachScheduleOfAPairAsACronProperty() {
        var env = new org.springframework.core.env.StandardEnvironment();
        env.getPropertySources().addFirst(new org.springframework.core.env.MapPropertySource("test", java.util.Map.of(
                "lockstep.pairs.billing-to-accounting.schedule", "1d",
                "lockstep.pairs.billing-to-accounting.reconcile-schedule", "0 0 3 ? * SUN")));
        new PairSchedules().postProcessEnvironment(env, null);

        assertThat(env.getProperty("lockstep.pairs.billing-to-accounting.cron")).isEqualTo("0 0 0 * * ?");
        assertThat(env.getProperty("lockstep.pairs.billing-to-accounting.reconcile-cron")).isEqualTo("0 0 3 ? * SUN");
        assertThat(env.getProperty("lockstep.pairs.other-pair.cron")).as("no schedule, no cron").isNull();
    }
}
