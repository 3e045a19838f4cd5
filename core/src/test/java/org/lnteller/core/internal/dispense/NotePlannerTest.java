package org.lnteller.core.internal.dispense;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lnteller.ports.model.Cassette;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.tx.DispenseLine;

class NotePlannerTest {

    private static Cassette cassette(int position, int dollars, int count) {
        return new Cassette(position, FiatAmount.ofMajor("USD", Integer.toString(dollars)), count);
    }

    private static FiatAmount usd(int dollars) {
        return FiatAmount.ofMajor("USD", Integer.toString(dollars));
    }

    private static FiatAmount total(List<DispenseLine> lines) {
        return lines.stream().map(l -> l.denomination().times(l.provisioned())).reduce(usd(0), FiatAmount::plus);
    }

    @Test
    void aHundredDollarsComeAsFiveTwentiesWhenTwentiesAreThere() {
        var plan = NotePlanner.plan(List.of(cassette(1, 20, 50), cassette(2, 10, 50)), usd(100))
                .orElseThrow();
        assertThat(plan)
                .extracting(DispenseLine::cassette, DispenseLine::provisioned)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 5));
    }

    @Test
    void anEmptyingCassetteIsMadeUpFromTheOthers() {
        var plan = NotePlanner.plan(List.of(cassette(1, 20, 2), cassette(2, 10, 50)), usd(100))
                .orElseThrow();
        assertThat(total(plan)).isEqualTo(usd(100));
        assertThat(plan).extracting(DispenseLine::provisioned).containsExactly(2, 6);
    }

    @Test
    void anAmountTheNotesCannotMakeIsRefused() {
        assertThat(NotePlanner.plan(List.of(cassette(1, 20, 50), cassette(2, 50, 50)), usd(30)))
                .isEmpty();
        assertThat(NotePlanner.plan(List.of(cassette(1, 20, 1)), usd(40))).isEmpty();
        assertThat(NotePlanner.plan(List.of(), usd(40))).isEmpty();
        assertThat(NotePlanner.plan(List.of(cassette(1, 20, 0)), usd(20))).isEmpty();
    }

    @Test
    void whereGreedyFailsTheExactCombinationIsFound() {
        // Greedy takes a 50 and is left with 10, which twenties cannot make; three twenties can.
        var plan = NotePlanner.plan(List.of(cassette(1, 50, 5), cassette(2, 20, 5)), usd(60))
                .orElseThrow();
        assertThat(plan)
                .extracting(DispenseLine::cassette, DispenseLine::provisioned)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, 3));
    }

    @Test
    void notesOfAnotherCurrencyAreNeverDispensed() {
        var euros = new Cassette(1, FiatAmount.ofMajor("EUR", "20"), 10);
        assertThat(NotePlanner.plan(List.of(euros), usd(20))).isEmpty();
    }

    @Test
    void everyPlanAddsUpAndNeverExceedsACassetteAgainstBruteForce() {
        Random random = new Random(42);
        int[] denominations = {1, 5, 10, 20, 50, 100};
        for (int round = 0; round < 300; round++) {
            int a = denominations[random.nextInt(denominations.length)];
            int b = denominations[random.nextInt(denominations.length)];
            int ca = random.nextInt(6);
            int cb = random.nextInt(6);
            int amount = 1 + random.nextInt(400);
            var cassettes = a == b ? List.of(cassette(1, a, ca)) : List.of(cassette(1, a, ca), cassette(2, b, cb));
            int best = Integer.MAX_VALUE;
            for (int x = 0; x <= ca; x++) {
                for (int y = 0; y <= (a == b ? 0 : cb); y++) {
                    if (x * a + y * b == amount) best = Math.min(best, x + y);
                }
            }
            var plan = NotePlanner.plan(cassettes, usd(amount));
            if (best == Integer.MAX_VALUE) {
                assertThat(plan).as("%s for %d", cassettes, amount).isEmpty();
            } else {
                assertThat(plan).as("%s for %d", cassettes, amount).isPresent();
                assertThat(total(plan.get())).isEqualTo(usd(amount));
                assertThat(plan.get().stream()
                                .mapToInt(DispenseLine::provisioned)
                                .sum())
                        .isEqualTo(best);
                for (DispenseLine line : plan.get()) {
                    int available = cassettes.stream()
                            .filter(c -> c.position() == line.cassette())
                            .findFirst()
                            .orElseThrow()
                            .count();
                    assertThat(line.provisioned()).isLessThanOrEqualTo(available);
                }
            }
        }
    }
}
