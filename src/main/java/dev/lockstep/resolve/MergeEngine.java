package dev.lockstep.resolve;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Merges both systems' current state of one record against its baseline, field by field.
 *
 * <p>A field changed on one side only (against that side's baseline) is taken from that side; one
 * changed on both sides to different values is a conflict decided by the field's {@link Rule}. A
 * delete on one side against an edit on the other is decided by {@link DeleteVsEdit}. A record never
 * linked before and present on both sides is merged field by field with an empty baseline (a counter
 * has no base to add deltas to there, so it is decided as {@code latest}).
 *
 * <p>The merge is symmetric: swapping the two sides gives the same merged state and decisions, so
 * the order in which changes arrive never changes the outcome.
 */
public final class MergeEngine {

    private final List<FieldPolicy> fields;
    private final DeleteVsEdit deleteVsEdit;

    public MergeEngine(List<FieldPolicy> fields, DeleteVsEdit deleteVsEdit) {
        this.fields = List.copyOf(fields);
        this.deleteVsEdit = deleteVsEdit;
    }

    public List<FieldPolicy> fields() {
        return fields;
    }

    /**
     * @param base          the ledger's baseline, or null for a record never linked
     * @param manualChoices values a person picked for fields in manual conflict (field → value)
     */
    public Resolution merge(Baseline base, SideState left, SideState right, Map<String, String> manualChoices) {
        // Always merge in one canonical order of the systems, so the result cannot depend on which came first.
        if (left.system().compareTo(right.system()) > 0) {
            SideState t = left;
            left = right;
            right = t;
        }
        List<Decision> decisions = new ArrayList<>();
        List<PendingConflict> pending = new ArrayList<>();
        Merged agreed = base == null ? new Merged(true, Map.of()) : base.agreed();
        SideBaseline leftBase = base == null ? null : base.side(left.system());
        SideBaseline rightBase = base == null ? null : base.side(right.system());

        boolean leftGoneNow = wentAway(left, leftBase);
        boolean rightGoneNow = wentAway(right, rightBase);
        boolean leftEdited = edited(left, leftBase);
        boolean rightEdited = edited(right, rightBase);

        boolean deleted;
        boolean leftCounts = left.live();
        boolean rightCounts = right.live();
        if (leftGoneNow || rightGoneNow) {
            SideState deleter = leftGoneNow ? left : right;
            boolean otherEdited = leftGoneNow ? rightEdited : leftEdited;
            SideState other = leftGoneNow ? right : left;
            if (leftGoneNow && rightGoneNow) {
                deleted = true;
            } else if (otherEdited) {
                deleted = deleteVsEdit == DeleteVsEdit.DELETE_WINS;
                String winner = deleted ? deleter.system() : other.system();
                decisions.add(new Decision(Decision.RECORD, left.system(), leftGoneNow ? "deleted" : "edited",
                        right.system(), rightGoneNow ? "deleted" : "edited", "live", "delete-vs-edit",
                        winner, deleted ? "deleted" : "revived"));
            } else {
                deleted = !other.live() || !otherEdited;
            }
        } else if (base == null) {
            deleted = !left.live() && !right.live();
        } else {
            // Revived or edited on a side that is live now: the record lives; otherwise it stays as agreed.
            deleted = !(leftCounts && (leftEdited || !agreed.deleted()) || rightCounts && (rightEdited || !agreed.deleted()));
        }
        if (deleted) {
            return new Resolution(new Merged(true, agreed.values()), decisions, pending);
        }

        // A side that is gone (and lost against an edit) contributes no changes: its fields count as unchanged.
        Map<String, String> values = new LinkedHashMap<>();
        for (FieldPolicy policy : fields) {
            String f = policy.field();
            String baseValue = agreed.values().get(f);
            String l = left.values().get(f);
            String r = right.values().get(f);
            String lBase = leftBase == null || !leftBase.live() ? (base == null ? null : baseValue) : leftBase.values().get(f);
            String rBase = rightBase == null || !rightBase.live() ? (base == null ? null : baseValue) : rightBase.values().get(f);
            boolean lChanged = leftCounts && !Values.same(l, lBase);
            boolean rChanged = rightCounts && !Values.same(r, rBase);
            if (base == null) {
                // Never linked: what one side has and the other lacks is taken; differing values are a conflict.
                lChanged = leftCounts && l != null;
                rChanged = rightCounts && r != null;
            }
            if (policy.rule() == Rule.COUNTER && base != null) {
                BigDecimal sum = Values.numberOf(baseValue)
                        .add(lChanged ? Values.numberOf(l).subtract(Values.numberOf(lBase)) : BigDecimal.ZERO)
                        .add(rChanged ? Values.numberOf(r).subtract(Values.numberOf(rBase)) : BigDecimal.ZERO);
                String merged = lChanged || rChanged ? Values.number(sum) : baseValue;
                if (lChanged && rChanged) {
                    decisions.add(new Decision(f, left.system(), l, right.system(), r, baseValue, Rule.COUNTER.spelling(), "both", merged));
                }
                values.put(f, merged);
                continue;
            }
            if (!lChanged && !rChanged) {
                values.put(f, baseValue);
            } else if (lChanged && !rChanged) {
                values.put(f, l);
            } else if (!lChanged) {
                values.put(f, r);
            } else if (Values.same(l, r)) {
                values.put(f, l);
            } else {
                decide(policy, left, right, l, r, baseValue, manualChoices, values, decisions, pending);
            }
        }
        return new Resolution(pending.isEmpty() ? new Merged(false, values) : null, decisions, pending);
    }

    private void decide(FieldPolicy policy, SideState left, SideState right, String l, String r, String baseValue,
                        Map<String, String> manualChoices, Map<String, String> values, List<Decision> decisions,
                        List<PendingConflict> pending) {
        String f = policy.field();
        Rule rule = policy.rule();
        String ruleName = rule.spelling();
        if (rule == Rule.COUNTER) {
            rule = Rule.LATEST; // never linked: no base to add both deltas to
            ruleName = "counter (no baseline: latest)";
        }
        switch (rule) {
            case OWNER -> {
                boolean leftOwns = Objects.equals(policy.owner(), left.system());
                String winner = leftOwns ? left.system() : right.system();
                String value = leftOwns ? l : r;
                values.put(f, value);
                decisions.add(new Decision(f, left.system(), l, right.system(), r, baseValue, "owner: " + policy.owner(), winner, value));
            }
            case LATEST -> {
                boolean leftWins = latestIsLeft(left.updatedAt(), l, right.updatedAt(), r);
                String value = leftWins ? l : r;
                values.put(f, value);
                decisions.add(new Decision(f, left.system(), l, right.system(), r, baseValue, ruleName,
                        leftWins ? left.system() : right.system(), value));
            }
            case MANUAL -> {
                if (manualChoices.containsKey(f)) {
                    String value = manualChoices.get(f);
                    values.put(f, value);
                    decisions.add(new Decision(f, left.system(), l, right.system(), r, baseValue, ruleName, "person", value));
                } else {
                    pending.add(new PendingConflict(f, left.system(), l, right.system(), r, baseValue));
                }
            }
            default -> throw new IllegalStateException("unreachable: " + rule);
        }
    }

    /** The later timestamp wins; equal (or unknown) timestamps: the greater value (nulls lowest), whichever side it is on. */
    static boolean latestIsLeft(Instant lAt, String l, Instant rAt, String r) {
        if (lAt != null && rAt != null && !lAt.equals(rAt)) {
            return lAt.isAfter(rAt);
        }
        return Comparator.nullsFirst(Comparator.<String>naturalOrder()).compare(l, r) >= 0;
    }

    /** Live at the baseline, gone (deleted or no longer there) now. */
    private static boolean wentAway(SideState now, SideBaseline base) {
        return base != null && base.live() && !now.live();
    }

    /** Live now, and revived or different from its baseline in a synced field. */
    private boolean edited(SideState now, SideBaseline base) {
        if (!now.live()) {
            return false;
        }
        if (base == null || !base.live()) {
            return true;
        }
        return fields.stream().anyMatch(p -> !Values.same(now.values().get(p.field()), base.values().get(p.field())));
    }
}
