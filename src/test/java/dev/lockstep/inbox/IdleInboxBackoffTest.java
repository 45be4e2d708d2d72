package dev.lockstep.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class IdleInboxBackoffTest {

    private final IdleInboxBackoff backoff = new IdleInboxBackoff(3, 4);
    private final Endpoint endpoint = new DefaultCamelContext().getEndpoint("direct:inbox");
    private final Consumer inbox;
    private final Consumer other;

    IdleInboxBackoffTest() throws Exception {
        inbox = endpoint.createConsumer(exchange -> { });
        other = endpoint.createConsumer(exchange -> { });
    }

    /** Runs the scheduled polls in order, each finding the given number of messages when it runs; true where a poll ran. */
    private List<Boolean> ticks(Consumer consumer, int... found) {
        List<Boolean> ran = new ArrayList<>();
        for (int messages : found) {
            boolean runs = backoff.begin(consumer, endpoint);
            if (runs) {
                backoff.commit(consumer, endpoint, messages);
            }
            ran.add(runs);
        }
        return ran;
    }

    @Test
    void aBusyInboxIsPolledAtEveryTick() {
        assertThat(ticks(inbox, 1, 1, 0, 1, 0, 0, 1, 1)).containsOnly(true);
    }

    @Test
    void anIdleInboxIsPolledEveryFifthTickForAsLongAsItStaysIdle() {
        // Three empty polls in a row, then only every (4 + 1)-th tick runs, and it stays so: no return to full rate.
        List<Boolean> ran = ticks(inbox, new int[3 + 5 * 4]);

        assertThat(ran.subList(0, 3)).containsOnly(true);
        for (int round = 0; round < 4; round++) {
            assertThat(ran.subList(3 + 5 * round, 3 + 5 * round + 5)).containsExactly(false, false, false, false, true);
        }
    }

    @Test
    void aPollThatFindsEventsEndsTheBackOff() {
        ticks(inbox, 0, 0, 0, 0, 0, 0, 0, 0);       // idle: three polls, four ticks skipped, a poll that found nothing

        assertThat(ticks(inbox, 0, 0, 0, 0, 2)).containsExactly(false, false, false, false, true);
        assertThat(ticks(inbox, 0, 0, 0, 0)).as("busy again: every tick, until three empty polls").containsExactly(true, true, true, false);
    }

    @Test
    void eventsArrivingWakeEveryBackedOffPollAtItsNextTick() {
        ticks(inbox, 0, 0, 0, 0);                   // backed off: the 4th tick was skipped
        ticks(other, 0, 0, 0, 0);

        backoff.eventsArrived();

        assertThat(ticks(inbox, 3)).as("woken, and finds the events: busy again").containsExactly(true);
        assertThat(ticks(inbox, 0, 0, 0, 0)).containsExactly(true, true, true, false);
        assertThat(ticks(other, 0)).as("woken too").containsExactly(true);
        assertThat(ticks(other, 0, 0, 0, 0, 0)).as("found nothing: goes on backing off").containsExactly(false, false, false, false, true);
    }

    @Test
    void eachConsumerBacksOffOnItsOwn() {
        ticks(inbox, 0, 0, 0);

        assertThat(ticks(other, 0, 0)).containsOnly(true);
        assertThat(ticks(inbox, 0)).containsExactly(false);
    }

    @Test
    void aFailedPollIsNotRetriedAtOnce() throws Exception {
        assertThat(backoff.rollback(inbox, endpoint, 0, new IllegalStateException("database down"))).isFalse();
    }

    @Test
    void settingsThatCannotWorkStopStartUpNamingTheProperties() {
        assertThatThrownBy(() -> new IdleInboxBackoff(0, 4)).hasMessageContaining("lockstep.inbox.backoff-idle-polls");
        assertThatThrownBy(() -> new IdleInboxBackoff(50, -1)).hasMessageContaining("lockstep.inbox.backoff-multiplier");
    }
}
