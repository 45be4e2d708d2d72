package dev.lockstep.resolve;

import java.io.Serializable;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the coalescing aggregator holds for one record while its window is open: which systems
 * reported a change and how many changes were folded in. The resolution reads both systems' current
 * state, so the notice needs no field values; folding is commutative and associative, so the order
 * in which changes arrive cannot matter. Serializable: it is stored in the JDBC aggregation repository.
 */
public record ChangeNotice(String pair, String key, TreeSet<String> systems, int changes) implements Serializable {

    public static ChangeNotice of(String pair, String key, String system) {
        return new ChangeNotice(pair, key, new TreeSet<>(Set.of(system)), 1);
    }

    /** This notice and another one of the same record, as one. */
    public ChangeNotice fold(ChangeNotice other) {
        if (!pair.equals(other.pair) || !key.equals(other.key)) {
            throw new IllegalArgumentException("different records: " + key + " and " + other.key);
        }
        TreeSet<String> union = new TreeSet<>(systems);
        union.addAll(other.systems);
        return new ChangeNotice(pair, key, union, changes + other.changes);
    }
}
