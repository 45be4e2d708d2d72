package dev.lockstep.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Property tests of the merge, on a model of two systems and the ledger (no database): random
 * baselines, random concurrent edits on both sides (including sales of the counted quantity and
 * deletes), resolved the way the pipeline does (decide, then write each side, then the baseline).
 */
class MergeEngineProperties {

    static final String SHOP = "storefront";
    static final String STOCK = "warehouse";
    static final List<FieldPolicy> POLICIES = List.of(
            FieldPolicy.owner("name", SHOP),
            FieldPolicy.owner("price", SHOP),
            FieldPolicy.owner("bin_location", STOCK),
            FieldPolicy.of("quantity", Rule.COUNTER),
            FieldPolicy.of("note", Rule.LATEST));
    static final MergeEngine ENGINE = new MergeEngine(POLICIES, DeleteVsEdit.EDIT_WINS);

    /** One side's edits since the baseline: new values per field, quantity sold, deleted, and when. */
    record Edits(Map<String, String> set, int sold, boolean delete, long at) {
    }

    /** Two systems and the ledger. */
    static final class World {
        final Map<String, SideState> sides = new HashMap<>();
        Baseline ledger;
        final List<Decision> decisions = new ArrayList<>();

        World(Map<String, String> base) {
            sides.put(SHOP, SideState.live(SHOP, base, Instant.EPOCH));
            sides.put(STOCK, SideState.live(STOCK, base, Instant.EPOCH));
            ledger = BaselineUpdate.decided(new Merged(false, base), sides.get(SHOP), sides.get(STOCK));
        }

        void edit(String system, Edits e) {
            SideState s = sides.get(system);
            Instant at = Instant.ofEpochSecond(e.at);
            if (e.delete) {
                sides.put(system, new SideState(system, true, true, s.values(), at));
                return;
            }
            Map<String, String> v = new HashMap<>(s.values());
            v.putAll(e.set);
            if (e.sold != 0) {
                v.put("quantity", Values.number(Values.numberOf(v.get("quantity")).subtract(java.math.BigDecimal.valueOf(e.sold))));
            }
            sides.put(system, new SideState(system, true, false, v, at));
        }

        /** One resolution: read both sides, merge, take in, write each side; {@code failSecondWrite} stops before the second write. */
        void resolve(boolean leftFirst, boolean failSecondWrite) {
            SideState a = sides.get(leftFirst ? SHOP : STOCK);
            SideState b = sides.get(leftFirst ? STOCK : SHOP);
            Resolution r = ENGINE.merge(ledger, a, b, Map.of());
            if (r.held()) {
                return;
            }
            decisions.addAll(r.decisions());
            ledger = BaselineUpdate.decided(r.merged(), a, b);
            int n = 0;
            for (SideState side : List.of(a, b)) {
                SideWrite w = SideWrite.toReach(side, r.merged());
                if (w.kind() == SideWrite.Kind.NONE) {
                    continue;
                }
                if (failSecondWrite && n++ == 1) {
                    return;
                }
                SideState after = w.applyTo(side);
                // The system stamps its own modified-at on every write.
                sides.put(side.system(), new SideState(after.system(), after.present(), after.deleted(), after.values(),
                        Instant.ofEpochSecond(1_000_000)));
                ledger = BaselineUpdate.written(ledger, side, w);
            }
        }

        int writesNeeded() {
            Resolution r = ENGINE.merge(ledger, sides.get(SHOP), sides.get(STOCK), Map.of());
            return (int) List.of(SHOP, STOCK).stream()
                    .filter(s -> SideWrite.toReach(sides.get(s), r.merged()).kind() != SideWrite.Kind.NONE).count();
        }
    }

    @Property(tries = 500)
    void theOutcomeDoesNotDependOnArrivalOrder(@ForAll("baselines") Map<String, String> base,
                                               @ForAll("edits") Edits shopEdits, @ForAll("edits") Edits stockEdits,
                                               @ForAll @IntRange(min = 0, max = 5) int extraRuns, @ForAll long seed) {
        World inOrder = new World(base);
        inOrder.edit(SHOP, shopEdits);
        inOrder.edit(STOCK, stockEdits);
        inOrder.resolve(true, false);

        World reversed = new World(base);
        reversed.edit(STOCK, stockEdits);
        reversed.edit(SHOP, shopEdits);
        Random random = new Random(seed);
        // The warehouse's change arrives first; retries and re-fired runs come in any order after.
        reversed.resolve(false, false);
        for (int i = 0; i < extraRuns; i++) {
            reversed.resolve(random.nextBoolean(), false);
        }

        assertThat(reversed.sides.get(SHOP).values()).isEqualTo(inOrder.sides.get(SHOP).values());
        assertThat(reversed.sides.get(STOCK).values()).isEqualTo(inOrder.sides.get(STOCK).values());
        assertThat(reversed.sides.get(SHOP).live()).isEqualTo(inOrder.sides.get(SHOP).live());
        assertThat(reversed.decisions).isEqualTo(inOrder.decisions);
    }

    @Property(tries = 300)
    void foldingChangeNoticesIsOrderFree(@ForAll("systemLists") List<String> arrivals, @ForAll long seed) {
        List<String> shuffled = new ArrayList<>(arrivals);
        Collections.shuffle(shuffled, new Random(seed));
        assertThat(fold(shuffled)).isEqualTo(fold(arrivals));
    }

    @Property(tries = 500)
    void applyingTheSameChangeTwiceChangesNothing(@ForAll("baselines") Map<String, String> base,
                                                  @ForAll("edits") Edits shopEdits, @ForAll("edits") Edits stockEdits) {
        World world = new World(base);
        world.edit(SHOP, shopEdits);
        world.edit(STOCK, stockEdits);
        world.resolve(true, false);
        Map<String, SideState> after = Map.copyOf(world.sides);
        Baseline ledger = world.ledger;

        world.resolve(true, false);   // the same changes, delivered again
        world.resolve(false, false);

        assertThat(world.sides).isEqualTo(after);
        assertThat(world.ledger.agreed()).isEqualTo(ledger.agreed());
        assertThat(world.writesNeeded()).isZero();
    }

    @Property(tries = 500)
    void aFailureBetweenTheTwoWritesCountsNothingTwice(@ForAll("baselines") Map<String, String> base,
                                                       @ForAll("edits") Edits shopEdits, @ForAll("edits") Edits stockEdits) {
        World clean = new World(base);
        clean.edit(SHOP, shopEdits);
        clean.edit(STOCK, stockEdits);
        clean.resolve(true, false);

        World failed = new World(base);
        failed.edit(SHOP, shopEdits);
        failed.edit(STOCK, stockEdits);
        failed.resolve(true, true);    // the first write landed, the second did not
        failed.resolve(true, false);   // the retry

        assertThat(failed.sides.get(SHOP).values()).isEqualTo(clean.sides.get(SHOP).values());
        assertThat(failed.sides.get(STOCK).values()).isEqualTo(clean.sides.get(STOCK).values());
    }

    @Property(tries = 500)
    void afterTheRunBothSidesHoldTheValuesThePoliciesDefine(@ForAll("baselines") Map<String, String> base,
                                                             @ForAll("edits") Edits shopEdits, @ForAll("edits") Edits stockEdits) {
        World world = new World(base);
        world.edit(SHOP, shopEdits);
        world.edit(STOCK, stockEdits);
        world.resolve(true, false);

        SideState shop = world.sides.get(SHOP);
        SideState stock = world.sides.get(STOCK);
        boolean deleteWins = shopEdits.delete && stockEdits.delete
                || shopEdits.delete && !edits(stockEdits, base) || stockEdits.delete && !edits(shopEdits, base);
        assertThat(shop.live()).isEqualTo(!deleteWins);
        assertThat(stock.live()).isEqualTo(!deleteWins);
        if (deleteWins) {
            return;
        }
        for (FieldPolicy p : POLICIES) {
            assertThat(shop.values().get(p.field())).as(p.field()).isEqualTo(stock.values().get(p.field()));
        }
        // Every sale on either side is kept (a deleted side contributes none).
        int sold = (shopEdits.delete ? 0 : shopEdits.sold) + (stockEdits.delete ? 0 : stockEdits.sold);
        assertThat(Values.numberOf(shop.values().get("quantity")).intValue())
                .isEqualTo(Integer.parseInt(base.get("quantity")) - sold);
        // An owned field changed on both sides takes the owner's value.
        expectOwnerWins("name", SHOP, shopEdits, stockEdits, base, shop);
        expectOwnerWins("price", SHOP, shopEdits, stockEdits, base, shop);
        expectOwnerWins("bin_location", STOCK, stockEdits, shopEdits, base, shop);
        // latest: the later edit wins; same second: the greater value.
        String a = shopEdits.delete ? null : changed(shopEdits, "note", base);
        String b = stockEdits.delete ? null : changed(stockEdits, "note", base);
        if (a != null && b != null) {
            String expected = shopEdits.at != stockEdits.at ? (shopEdits.at > stockEdits.at ? a : b) : (a.compareTo(b) >= 0 ? a : b);
            assertThat(shop.values().get("note")).isEqualTo(expected);
        }
    }

    private static void expectOwnerWins(String field, String owner, Edits ownerEdits, Edits otherEdits,
                                        Map<String, String> base, SideState result) {
        String mine = ownerEdits.delete ? null : changed(ownerEdits, field, base);
        String theirs = otherEdits.delete ? null : changed(otherEdits, field, base);
        if (mine != null) {
            assertThat(result.values().get(field)).as(field + " owned by " + owner).isEqualTo(mine);
        } else if (theirs != null) {
            assertThat(result.values().get(field)).as(field + " changed only off the owner").isEqualTo(theirs);
        }
    }

    private static String changed(Edits e, String field, Map<String, String> base) {
        String v = e.set.get(field);
        return v != null && !v.equals(base.get(field)) ? v : null;
    }

    private static boolean edits(Edits e, Map<String, String> base) {
        return !e.delete && (e.sold != 0 || e.set.entrySet().stream().anyMatch(x -> !x.getValue().equals(base.get(x.getKey()))));
    }

    private static ChangeNotice fold(List<String> systems) {
        ChangeNotice folded = null;
        for (String s : systems) {
            ChangeNotice n = ChangeNotice.of("storefront-and-warehouse", "SKU-1", s);
            folded = folded == null ? n : folded.fold(n);
        }
        return folded;
    }

    @Provide
    Arbitrary<List<String>> systemLists() {
        return Arbitraries.of(SHOP, STOCK).list().ofMinSize(1).ofMaxSize(12);
    }

    @Provide
    Arbitrary<Map<String, String>> baselines() {
        return Combinators.combine(word(), Arbitraries.integers().between(1, 500), word(), Arbitraries.integers().between(0, 100), word())
                .as((name, price, bin, qty, note) -> {
                    Map<String, String> m = new HashMap<>();
                    m.put("name", name);
                    m.put("price", Values.number(java.math.BigDecimal.valueOf(price, 1)));
                    m.put("bin_location", bin);
                    m.put("quantity", String.valueOf(qty));
                    m.put("note", note);
                    return m;
                });
    }

    @Provide
    Arbitrary<Edits> edits() {
        Arbitrary<Map<String, String>> set = Arbitraries.maps(Arbitraries.of("name", "price", "bin_location", "note"), word())
                .ofMaxSize(4)
                .map(m -> {
                    Map<String, String> v = new HashMap<>(m);
                    v.computeIfPresent("price", (k, x) -> String.valueOf(Math.abs(x.hashCode() % 900) + 1));
                    return v;
                });
        return Combinators.combine(set, Arbitraries.integers().between(0, 5),
                        Arbitraries.integers().between(0, 9).map(i -> i == 0), Arbitraries.longs().between(100, 104))
                .as(Edits::new);
    }

    private static Arbitrary<String> word() {
        return Arbitraries.strings().withCharRange('a', 'e').ofMinLength(1).ofMaxLength(3);
    }
}
