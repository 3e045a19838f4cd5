package org.lnteller.core.internal.dispense;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalInt;
import org.lnteller.ports.model.Cassette;
import org.lnteller.ports.tx.DispenseLine;

/**
 * The two cassette facts of a Lamassu dispense, as pure functions: the answer lists every
 * cassette in order, and the machine's confirmed counts correct what was taken out at dispense.
 */
public final class DispenseLines {
    private DispenseLines() {}

    /**
     * One line per cassette, by position ascending, zeros included: a Lamassu machine reads
     * {@code bills[i].provisioned} for its cassette i, so a list that skipped an empty cassette
     * would dispense from the wrong one. Lines withdrawn for a position the app no longer has
     * (the operator changed the cassettes in between) are kept, after the others.
     *
     * @param cassettes the app's cassettes
     * @param withdrawn the notes taken out for the tx, one line per cassette that gives notes
     */
    public static List<DispenseLine> everyCassette(List<Cassette> cassettes, List<DispenseLine> withdrawn) {
        List<DispenseLine> lines = new ArrayList<>();
        List<Cassette> ordered = cassettes.stream()
                .sorted(Comparator.comparingInt(Cassette::position))
                .toList();
        for (Cassette c : ordered) {
            lines.add(withdrawn.stream()
                    .filter(l -> l.cassette() == c.position())
                    .findFirst()
                    .orElse(new DispenseLine(
                            c.position(), c.denomination(), 0, OptionalInt.empty(), OptionalInt.empty())));
        }
        withdrawn.stream()
                .filter(l -> ordered.stream().noneMatch(c -> c.position() == l.cassette()))
                .sorted(Comparator.comparingInt(DispenseLine::cassette))
                .forEach(lines::add);
        return List.copyOf(lines);
    }

    /**
     * The cassettes after the machine's confirmation: at dispense the provisioned notes were taken
     * out; what really left a cassette is {@code dispensed + rejected} (rejected notes go to the
     * reject bin, not back), so each cassette gets {@code provisioned - dispensed - rejected} back
     * (taken out when negative, never below zero). A line without a {@code dispensed} count, or
     * naming a cassette that is gone or now holds another denomination, changes nothing.
     */
    public static List<Cassette> afterConfirmation(List<Cassette> cassettes, List<DispenseLine> confirmed) {
        List<Cassette> after = new ArrayList<>(cassettes);
        for (DispenseLine line : confirmed) {
            if (line.dispensed().isEmpty()) continue;
            long cameOut = (long) line.dispensed().getAsInt() + line.rejected().orElse(0);
            long back = line.provisioned() - cameOut;
            if (back == 0) continue;
            for (int i = 0; i < after.size(); i++) {
                Cassette c = after.get(i);
                if (c.position() == line.cassette() && c.denomination().equals(line.denomination())) {
                    long count = Math.max(0, Math.min(Integer.MAX_VALUE, c.count() + back));
                    after.set(i, new Cassette(c.position(), c.denomination(), (int) count));
                }
            }
        }
        return List.copyOf(after);
    }
}
