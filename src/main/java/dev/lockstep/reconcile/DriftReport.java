package dev.lockstep.reconcile;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a comparison found: how many source records were compared and matched, and the drifted keys
 * by kind. Keeps the first {@link #KEYS_KEPT} keys of each kind for the summary (the counts are
 * exact), so a badly drifted pair does not fill the run record.
 */
public final class DriftReport {

    public static final int KEYS_KEPT = 50;

    private final String source;
    private final String target;
    private long compared;
    private long matched;
    private final Map<Drift.Kind, Long> counts = new EnumMap<>(Drift.Kind.class);
    private final Map<Drift.Kind, List<String>> keys = new EnumMap<>(Drift.Kind.class);

    public DriftReport(String source, String target) {
        this.source = source;
        this.target = target;
        for (Drift.Kind kind : Drift.Kind.values()) {
            counts.put(kind, 0L);
            keys.put(kind, new ArrayList<>());
        }
    }

    void sourceRecord() {
        compared++;
    }

    void countMatch() {
        matched++;
    }

    void add(Drift drift) {
        counts.merge(drift.kind(), 1L, Long::sum);
        List<String> kept = keys.get(drift.kind());
        if (kept.size() < KEYS_KEPT) {
            kept.add(drift.key());
        }
    }

    /** Source records compared. */
    public long compared() {
        return compared;
    }

    /** Records equal on both sides. */
    public long matched() {
        return matched;
    }

    public long count(Drift.Kind kind) {
        return counts.get(kind);
    }

    /** The first keys of one kind of drift, in key order. */
    public List<String> keys(Drift.Kind kind) {
        return List.copyOf(keys.get(kind));
    }

    /**
     * One line for the run record:
     * {@code compared 120 billing records with accounting: 117 matched; missing 1 [INV-9]; different 2 [INV-3, INV-4]; orphan 0}.
     */
    public String summary() {
        StringBuilder s = new StringBuilder("compared ").append(compared).append(' ').append(source)
                .append(" records with ").append(target).append(": ").append(matched).append(" matched");
        for (Drift.Kind kind : Drift.Kind.values()) {
            long n = counts.get(kind);
            s.append("; ").append(kind.name().toLowerCase()).append(' ').append(n);
            if (n > 0) {
                s.append(' ').append(keys.get(kind));
                if (n > keys.get(kind).size()) {
                    s.append(" and ").append(n - keys.get(kind).size()).append(" more");
                }
            }
        }
        return s.toString();
    }
}
