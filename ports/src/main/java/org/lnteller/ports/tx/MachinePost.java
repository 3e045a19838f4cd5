package org.lnteller.ports.tx;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.lnteller.ports.model.Direction;
import org.lnteller.ports.model.FiatAmount;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.model.TxId;

/**
 * One {@code POST /tx} from a machine, parsed at the boundary: machines post the whole
 * transaction again on every change, so this is the full state the machine believes in.
 *
 * @param toAddress cash-in: what the customer scanned; cash-out: ignored (the server issues the invoice)
 * @param bills     cash-in: every note stacked so far, in order
 * @param dispensed cash-out with {@code dispenseConfirmed}: per cassette, notes dispensed and rejected, as reported
 */
public record MachinePost(TxId id, Direction direction, long txVersion, FiatAmount fiat, Satoshi cryptoAtoms,
                          Optional<String> toAddress, List<Bill> bills, boolean send, boolean dispense,
                          boolean dispenseConfirmed, List<DispenseReport> dispensed, Pricing pricing) {

    public MachinePost {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(fiat, "fiat");
        Objects.requireNonNull(cryptoAtoms, "cryptoAtoms");
        Objects.requireNonNull(toAddress, "toAddress");
        Objects.requireNonNull(pricing, "pricing");
        bills = List.copyOf(bills);
        dispensed = List.copyOf(dispensed);
        if (txVersion < 0) throw new IllegalArgumentException("txVersion must not be negative");
    }

    /**
     * A digest of everything the machine said in this post. Two posts with the same fingerprint
     * are the same post (a machine re-sends an unanswered post every 5 s).
     */
    public String fingerprint() {
        String canonical = String.join("|", id.value(), direction.wire(), Long.toString(txVersion), fiat.toString(),
                Long.toString(cryptoAtoms.sat()), toAddress.orElse(""), bills.toString(), Boolean.toString(send),
                Boolean.toString(dispense), Boolean.toString(dispenseConfirmed), dispensed.toString(), pricing.toString());
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
