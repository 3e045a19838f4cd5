package org.lnteller.app.simulated;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.lnteller.app.files.PrivateFiles;
import org.lnteller.app.simulated.Ledger.IssuedInvoice;
import org.lnteller.app.simulated.Ledger.OutgoingPayment;
import org.lnteller.ports.lightning.PaymentFailure;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.codec.Network;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Preimage;

/**
 * A snapshot of the {@link Ledger} as a JSON file: amounts in millisatoshis (integers), instants
 * in ISO-8601, hashes and preimages in hex. Written whole and atomically when the journal is
 * compacted (see {@link LedgerStore}); owner-only because it holds the preimages of unpaid invoices.
 *
 * <p>Version 1 is what servers before the journal rewrote after every change: the whole ledger,
 * with no journal beside it. It is read as generation 0. Version 2 adds the generation: the journal
 * whose header names the same generation holds the changes made since.
 */
final class LedgerFile {
    /**
     * Bumped when the shape changes incompatibly, so that an older server refuses a newer file: a
     * server that knew no journal would otherwise open a version 2 snapshot and silently lose every
     * change recorded in the journal since.
     */
    static final int VERSION = 2;
    /** The snapshot format servers wrote before the journal; still read. */
    static final int VERSION_WITHOUT_JOURNAL = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final Path file;

    LedgerFile(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    Path path() {
        return file;
    }

    /** A ledger as saved, and the generation of the journal that continues it (0 for version 1). */
    record Snapshot(Ledger ledger, long generation) {}

    /**
     * The saved ledger, or empty when none was saved yet.
     *
     * @throws UncheckedIOException  when the file exists but cannot be read
     * @throws IllegalStateException when it is not a ledger this version understands
     */
    Optional<Snapshot> load() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the simulated wallet's ledger " + file, e);
        }
        try {
            return Optional.of(fromJson(JSON.readValue(bytes, Stored.class)));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("the simulated wallet's ledger " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Replaces the file with {@code ledger} as the starting point of journal {@code generation}.
     *
     * @throws UncheckedIOException when it could not be written; the previous file is then intact
     */
    void save(Ledger ledger, long generation) {
        if (generation < 1) throw new IllegalArgumentException("a version " + VERSION + " snapshot starts generation 1 or later");
        try {
            PrivateFiles.writeAtomically(file, JSON.writeValueAsBytes(toJson(ledger, generation)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the simulated wallet's ledger " + file, e);
        }
    }

    // ---------------------------------------------------------------- the JSON shape

    /** {@code generation} is absent in version 1 and at least 1 in version 2. */
    record Stored(int version, String network, Long generation, long balanceMsat, List<StoredInvoice> invoices,
                  List<StoredPayment> payments) {}

    /** {@code status} is PENDING or PAID; {@code paidAt} is set when PAID. */
    record StoredInvoice(String paymentHash, String bolt11, long amountMsat, String expiresAt, String preimage,
                         String status, String paidAt) {}

    /**
     * {@code status} SUCCEEDED (with amount, fee and, when known, preimage) or FAILED (with
     * reason and message).
     */
    record StoredPayment(String paymentHash, String status, Long amountMsat, Long feeMsat, String preimage,
                         String reason, String message, String at) {}

    private static Stored toJson(Ledger ledger, long generation) {
        List<StoredInvoice> invoices = new ArrayList<>();
        for (IssuedInvoice i : ledger.invoices().values()) {
            invoices.add(new StoredInvoice(i.paymentHash().hex(), i.bolt11(), i.amount().msat(), i.expiresAt().toString(),
                    i.preimage().hex(), i.isPaid() ? "PAID" : "PENDING", i.paidAt().map(Instant::toString).orElse(null)));
        }
        List<StoredPayment> payments = new ArrayList<>();
        for (Map.Entry<PaymentHash, OutgoingPayment> e : ledger.payments().entrySet()) {
            String hash = e.getKey().hex();
            OutgoingPayment p = e.getValue();
            if (p instanceof OutgoingPayment.Settled s) {
                payments.add(new StoredPayment(hash, "SUCCEEDED", s.amount().msat(), s.fee().msat(),
                        s.preimage().map(Preimage::hex).orElse(null), null, null, s.at().toString()));
            } else if (p instanceof OutgoingPayment.Refused r) {
                payments.add(new StoredPayment(hash, "FAILED", null, null, null, r.reason().name(), r.message(),
                        r.at().toString()));
            }
        }
        return new Stored(VERSION, ledger.network().name(), generation, ledger.balance().msat(), invoices, payments);
    }

    private static Snapshot fromJson(Stored stored) {
        long generation;
        if (stored.version() == VERSION_WITHOUT_JOURNAL) {
            if (stored.generation() != null) throw new IllegalArgumentException("a version 1 ledger has no generation");
            generation = 0;
        } else if (stored.version() == VERSION) {
            if (stored.generation() == null || stored.generation() < 1) {
                throw new IllegalArgumentException("generation " + stored.generation() + " is not 1 or more");
            }
            generation = stored.generation();
        } else {
            throw new IllegalArgumentException("version " + stored.version() + " is neither " + VERSION_WITHOUT_JOURNAL
                    + " nor " + VERSION);
        }
        Map<PaymentHash, IssuedInvoice> invoices = new LinkedHashMap<>();
        for (StoredInvoice i : orEmpty(stored.invoices())) {
            Optional<Instant> paidAt = switch (i.status()) {
                case "PAID" -> Optional.of(Instant.parse(i.paidAt()));
                case "PENDING" -> Optional.empty();
                default -> throw new IllegalArgumentException("invoice status " + i.status() + " is neither PENDING nor PAID");
            };
            IssuedInvoice invoice = new IssuedInvoice(PaymentHash.fromHex(i.paymentHash()), i.bolt11(),
                    MilliSatoshi.of(i.amountMsat()), Instant.parse(i.expiresAt()), Preimage.fromHex(i.preimage()), paidAt);
            invoices.put(invoice.paymentHash(), invoice);
        }
        Map<PaymentHash, OutgoingPayment> payments = new LinkedHashMap<>();
        for (StoredPayment p : orEmpty(stored.payments())) {
            Instant at = Instant.parse(p.at());
            OutgoingPayment payment = switch (p.status()) {
                case "SUCCEEDED" -> new OutgoingPayment.Settled(MilliSatoshi.of(p.amountMsat()), MilliSatoshi.of(p.feeMsat()),
                        Optional.ofNullable(p.preimage()).map(Preimage::fromHex), at);
                case "FAILED" -> new OutgoingPayment.Refused(PaymentFailure.valueOf(p.reason()), p.message(), at);
                default -> throw new IllegalArgumentException("payment status " + p.status() + " is neither SUCCEEDED nor FAILED");
            };
            payments.put(PaymentHash.fromHex(p.paymentHash()), payment);
        }
        return new Snapshot(new Ledger(Network.valueOf(stored.network()), MilliSatoshi.of(stored.balanceMsat()), invoices,
                payments), generation);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
