package dev.lockstep.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The comparer's merge of two sides in key order: every kind of drift, page boundaries, batches, bad order. */
class DriftComparerTest {

    @Test
    void namesMissingDifferentAndOrphanKeysAcrossPageBoundaries() {
        ReconcileSide source = paged("billing", 2, kh("A", "1"), kh("B", "2"), kh("C", "3"), kh("E", "5"), kh("F", "6"));
        ReconcileSide target = paged("accounting", 3, kh("A", "1"), kh("C", "x"), kh("D", "4"), kh("F", "6"), kh("G", "7"));
        List<Drift> repaired = new ArrayList<>();

        DriftReport report = new DriftComparer(100).compare(source, target, repaired::addAll);

        assertThat(repaired).containsExactly(
                new Drift(Drift.Kind.MISSING, "B"), new Drift(Drift.Kind.DIFFERENT, "C"), new Drift(Drift.Kind.ORPHAN, "D"),
                new Drift(Drift.Kind.MISSING, "E"), new Drift(Drift.Kind.ORPHAN, "G"));
        assertThat(report.compared()).isEqualTo(5);
        assertThat(report.matched()).isEqualTo(2);
        assertThat(report.keys(Drift.Kind.MISSING)).containsExactly("B", "E");
        assertThat(report.summary()).isEqualTo(
                "compared 5 billing records with accounting: 2 matched; missing 2 [B, E]; different 1 [C]; orphan 2 [D, G]");
    }

    @Test
    void equalSidesHaveNoDriftAndEmptySidesAreFine() {
        assertThat(new DriftComparer(10).compare(paged("a", 2, kh("A", "1"), kh("B", "2")),
                paged("b", 5, kh("A", "1"), kh("B", "2")), d -> { throw new AssertionError("no drift expected"); })
                .summary()).isEqualTo("compared 2 a records with b: 2 matched; missing 0; different 0; orphan 0");
        assertThat(new DriftComparer(10).compare(paged("a", 2), paged("b", 2), d -> { }).compared()).isZero();
    }

    @Test
    void handsDriftToTheRepairerInBatchesWhileItCompares() {
        List<KeyHash> many = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            many.add(kh(String.format("K%03d", i), "h"));
        }
        List<Integer> sizes = new ArrayList<>();
        DriftReport report = new DriftComparer(10).compare(paged("a", 7, many.toArray(KeyHash[]::new)), paged("b", 7),
                d -> sizes.add(d.size()));
        assertThat(sizes).containsExactly(10, 10, 5);
        assertThat(report.count(Drift.Kind.MISSING)).isEqualTo(25);
    }

    @Test
    void keepsOnlyTheFirstKeysOfEachKindInTheSummaryButCountsThemAll() {
        List<KeyHash> many = new ArrayList<>();
        for (int i = 0; i < DriftReport.KEYS_KEPT + 3; i++) {
            many.add(kh(String.format("K%03d", i), "h"));
        }
        DriftReport report = new DriftComparer(1000).compare(paged("a", 20, many.toArray(KeyHash[]::new)), paged("b", 20), d -> { });
        assertThat(report.keys(Drift.Kind.MISSING)).hasSize(DriftReport.KEYS_KEPT);
        assertThat(report.summary()).contains("missing " + (DriftReport.KEYS_KEPT + 3) + " [K000").endsWith("] and 3 more; different 0; orphan 0");
    }

    @Test
    void aSideOutOfKeyOrderStopsTheComparisonRatherThanReportingFalseDrift() {
        assertThatThrownBy(() -> new DriftComparer(10).compare(paged("billing", 2, kh("A", "1"), kh("C", "1"), kh("B", "1")),
                paged("accounting", 2), d -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("billing did not list its records in ascending key order: 'B' came after 'C'");
    }

    /** A side serving the records in pages of {@code size}, by page number as token. */
    private static ReconcileSide paged(String name, int size, KeyHash... records) {
        return ReconcileSide.of(name, token -> {
            int page = token == null ? 0 : Integer.parseInt(token);
            int from = Math.min(records.length, page * size);
            int to = Math.min(records.length, from + size);
            return new ReconcileSide.Page(List.of(records).subList(from, to), to < records.length ? String.valueOf(page + 1) : null);
        });
    }

    private static KeyHash kh(String key, String hash) {
        return new KeyHash(key, hash);
    }
}
