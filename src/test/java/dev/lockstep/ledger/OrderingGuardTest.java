package dev.lockstep.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lockstep.event.ChangeEvent;
import dev.lockstep.mapping.TargetRow;
import dev.lockstep.pipeline.Outcome;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OrderingGuardTest {

    static final Instant T = Instant.parse("2026-11-26T10:00:00Z");

    @Test
    void aRecordTheLedgerHasNeverSeenIsApplied() {
        assertThat(OrderingGuard.decide(event(T), row("Ada"), Optional.empty())).isEqualTo(Outcome.APPLIED);
    }

    @Test
    void olderIsStaleNewerIsApplied() {
        Optional<SyncLedger.RecordState> known = state(T, row("Ada"));
        assertThat(OrderingGuard.decide(event(T.minusSeconds(1)), row("Bob"), known)).isEqualTo(Outcome.STALE);
        assertThat(OrderingGuard.decide(event(T.plusSeconds(1)), row("Bob"), known)).isEqualTo(Outcome.APPLIED);
    }

    @Test
    void theSameVersionAndContentIsUnchanged() {
        assertThat(OrderingGuard.decide(event(T), row("Ada"), state(T, row("Ada")))).isEqualTo(Outcome.UNCHANGED);
    }

    @Test
    void aNewerVersionWithTheSameContentIsUnchangedSoNothingIsRewritten() {
        assertThat(OrderingGuard.decide(event(T.plusSeconds(5)), row("Ada"), state(T, row("Ada")))).isEqualTo(Outcome.UNCHANGED);
    }

    @Test
    void equalVersionsAreDecidedByContentHashWhateverArrivesFirst() {
        TargetRow x = row("Xavier");
        TargetRow y = row("Yvonne");
        TargetRow winner = x.contentHash().compareTo(y.contentHash()) > 0 ? x : y;
        TargetRow loser = winner == x ? y : x;
        // winner first, then loser: loser is stale; loser first, then winner: winner applies.
        assertThat(OrderingGuard.decide(event(T), loser, state(T, winner))).isEqualTo(Outcome.STALE);
        assertThat(OrderingGuard.decide(event(T), winner, state(T, loser))).isEqualTo(Outcome.APPLIED);
    }

    @Test
    void theTieBreakRanksTwoVersionsAlikeInEveryRecord() {
        for (String key : new String[] {"1", "2", "C-100", "zzz"}) {
            TargetRow x = new TargetRow(TargetRow.Write.UPSERT, "t", "k", null, Map.of("k", key, "name", "Xavier"));
            TargetRow y = new TargetRow(TargetRow.Write.UPSERT, "t", "k", null, Map.of("k", key, "name", "Yvonne"));
            assertThat(Integer.signum(x.contentHash().compareTo(y.contentHash())))
                    .isEqualTo(Integer.signum(row("Xavier").contentHash().compareTo(row("Yvonne").contentHash())));
        }
    }

    @Test
    void aDeleteIgnoredByPolicyWritesNothing() {
        TargetRow none = new TargetRow(TargetRow.Write.NONE, "t", "k", null, Map.of("k", "1"));
        assertThat(OrderingGuard.decide(event(T), none, Optional.empty())).isEqualTo(Outcome.UNCHANGED);
    }

    static ChangeEvent event(Instant version) {
        return new ChangeEvent("e", "p", "s", "c", "1", ChangeEvent.Operation.UPSERT, Map.of(), version, Instant.now());
    }

    static TargetRow row(String name) {
        return new TargetRow(TargetRow.Write.UPSERT, "t", "k", null, Map.of("k", "1", "name", name));
    }

    static Optional<SyncLedger.RecordState> state(Instant version, TargetRow row) {
        return Optional.of(new SyncLedger.RecordState("1", version, row.contentHash(), false));
    }
}
