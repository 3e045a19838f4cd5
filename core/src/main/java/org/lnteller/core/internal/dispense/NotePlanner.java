package org.lnteller.core.internal.dispense;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.lnteller.ports.model.Cassette;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.tx.DispenseLine;

/**
 * Chooses the notes that make a cash-out amount from an ATM's cassettes: exactly the amount, never
 * more notes than a cassette holds, and as few notes as possible (fewer notes, less wear and fewer
 * jams). Among plans with as few notes, the choice is deterministic.
 */
public final class NotePlanner {
    /** Bounds the table below; no ATM dispenses more than this many steps of its smallest common unit. */
    private static final int MAX_STEPS = 100_000;

    private NotePlanner() {}

    /**
     * @return one line per cassette used (positions ascending), or empty when the cassettes cannot
     *         make the amount exactly
     */
    public static Optional<List<DispenseLine>> plan(List<Cassette> cassettes, FiatAmount amount) {
        List<Cassette> usable = cassettes.stream()
                .filter(c -> c.count() > 0 && c.denomination().currency().equals(amount.currency()))
                .sorted(Comparator.comparingLong(
                                (Cassette c) -> c.denomination().minor())
                        .reversed())
                .toList();
        if (amount.isZero() || usable.isEmpty()) return Optional.empty();
        long unit = 0;
        for (Cassette c : usable) unit = gcd(unit, c.denomination().minor());
        if (amount.minor() % unit != 0 || amount.minor() / unit > MAX_STEPS) return Optional.empty();
        int steps = Math.toIntExact(amount.minor() / unit);

        // Bounded change-making as a 0/1 knapsack: each cassette's notes are split into bundles of
        // 1, 2, 4, ... notes (plus the rest), so any count up to the cassette's is a sum of bundles.
        // notes[v] is the fewest notes making v units; chosen[b][v] whether bundle b is in it.
        List<int[]> bundles = new ArrayList<>(); // {cassette index, notes in bundle}
        for (int i = 0; i < usable.size(); i++) {
            int left = usable.get(i).count();
            for (int k = 1; left > 0; k *= 2) {
                int size = Math.min(k, left);
                bundles.add(new int[] {i, size});
                left -= size;
            }
        }
        int[] notes = new int[steps + 1];
        Arrays.fill(notes, Integer.MAX_VALUE);
        notes[0] = 0;
        boolean[][] chosen = new boolean[bundles.size()][steps + 1];
        for (int b = 0; b < bundles.size(); b++) {
            int[] bundle = bundles.get(b);
            long bundleValue = (usable.get(bundle[0]).denomination().minor() / unit) * bundle[1];
            if (bundleValue > steps) continue;
            int value = (int) bundleValue;
            for (int v = steps; v >= value; v--) {
                int base = notes[v - value];
                if (base != Integer.MAX_VALUE && base + bundle[1] < notes[v]) {
                    notes[v] = base + bundle[1];
                    chosen[b][v] = true;
                }
            }
        }
        if (notes[steps] == Integer.MAX_VALUE) return Optional.empty();

        int[] counts = new int[usable.size()];
        int v = steps;
        for (int b = bundles.size() - 1; b >= 0 && v > 0; b--) {
            if (chosen[b][v]) {
                int[] bundle = bundles.get(b);
                counts[bundle[0]] += bundle[1];
                v -= (int) (usable.get(bundle[0]).denomination().minor() / unit) * bundle[1];
            }
        }
        if (v != 0) throw new IllegalStateException("note plan does not add up");
        List<DispenseLine> lines = new ArrayList<>();
        for (int i = 0; i < usable.size(); i++) {
            if (counts[i] > 0) {
                Cassette c = usable.get(i);
                lines.add(new DispenseLine(
                        c.position(), c.denomination(), counts[i], OptionalInt.empty(), OptionalInt.empty()));
            }
        }
        lines.sort(Comparator.comparingInt(DispenseLine::cassette));
        return Optional.of(lines);
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }
}
