package org.lnteller.ports.store;

import java.util.ArrayList;
import java.util.List;
import org.lnteller.ports.model.Cassette;
import org.lnteller.ports.tx.DispenseLine;

/** The one rule every {@link AppStore} applies to a withdrawal of notes: it must fit the cassettes. */
public final class Withdrawals {
    private Withdrawals() {}

    /**
     * The cassettes after taking {@code lines} out of them.
     *
     * @throws IllegalArgumentException when a line names an unknown cassette, another
     *                                  denomination, or more notes than the cassette holds
     */
    public static List<Cassette> apply(List<Cassette> cassettes, List<DispenseLine> lines) {
        List<Cassette> after = new ArrayList<>(cassettes);
        for (DispenseLine line : lines) {
            int i = indexOf(after, line.cassette());
            if (i < 0) throw new IllegalArgumentException("no cassette " + line.cassette());
            Cassette c = after.get(i);
            if (!c.denomination().equals(line.denomination())) {
                throw new IllegalArgumentException(
                        "cassette " + c.position() + " holds " + c.denomination() + ", not " + line.denomination());
            }
            if (line.provisioned() > c.count()) {
                throw new IllegalArgumentException(
                        "cassette " + c.position() + " holds " + c.count() + " notes, not " + line.provisioned());
            }
            after.set(i, new Cassette(c.position(), c.denomination(), c.count() - line.provisioned()));
        }
        return List.copyOf(after);
    }

    private static int indexOf(List<Cassette> cassettes, int position) {
        for (int i = 0; i < cassettes.size(); i++) if (cassettes.get(i).position() == position) return i;
        return -1;
    }
}
