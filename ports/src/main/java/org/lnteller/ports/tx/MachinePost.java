package org.lnteller.ports.tx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
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
 * @param request   what the machine asks for: nothing yet, send, dispense, or a dispense report
 */
public record MachinePost(
        TxId id,
        Direction direction,
        long txVersion,
        FiatAmount fiat,
        Satoshi cryptoAtoms,
        Optional<String> toAddress,
        List<Bill> bills,
        MachineRequest request,
        Pricing pricing) {

    public MachinePost {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(fiat, "fiat");
        Objects.requireNonNull(cryptoAtoms, "cryptoAtoms");
        Objects.requireNonNull(toAddress, "toAddress");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(pricing, "pricing");
        bills = List.copyOf(bills);
        if (txVersion < 0) throw new IllegalArgumentException("txVersion must not be negative");
    }

    /**
     * A digest of everything the machine said in this post. Two posts with the same fingerprint
     * are the same post (a machine re-sends an unanswered post every 5 s). The digest is stored
     * with the transaction, so it is taken over a canonical serialisation that does not depend on
     * Java names or {@code toString()}: the fields in a fixed order, each written as below, then
     * SHA-256, of which the first 16 bytes in lower-case hex.
     *
     * <p>Encoding (version 1): the tag {@code "lnteller.post.v1"}; every text as its UTF-8 length
     * in 4 bytes big-endian then its UTF-8 bytes; every count and integer as 8 bytes big-endian;
     * every flag as one byte 0 or 1; every optional as one byte 0 (absent) or 1 then the value;
     * every fiat amount as its ISO 4217 code then its minor units; every decimal as its plain
     * string (scale kept, as the machine sent it). Fields: id, direction's wire name, txVersion,
     * fiat, cryptoAtoms (sat), toAddress, bills (count, then each denomination), then Lamassu's
     * three flags as the request gives them: send ({@link MachineRequest#asksToSend()}), dispense
     * ({@link MachineRequest#asksToDispense()}), dispenseConfirmed
     * ({@link MachineRequest#reportsDispense()}), then the reports (count, then each position,
     * cassette, dispensed, rejected),
     * rawTickerPrice, commissionPercentage, cashInFee, minimumTx. Changing any of this changes the
     * digests of stored transactions: see {@link #isRepeatOf}.
     */
    public String fingerprint() {
        Canonical c = new Canonical();
        c.text("lnteller.post.v1");
        c.text(id.value());
        c.text(direction.wire());
        c.number(txVersion);
        c.fiat(fiat);
        c.number(cryptoAtoms.sat());
        c.flag(toAddress.isPresent());
        toAddress.ifPresent(c::text);
        c.number(bills.size());
        bills.forEach(b -> c.fiat(b.denomination()));
        c.flag(request.asksToSend());
        c.flag(request.asksToDispense());
        c.flag(request.reportsDispense());
        c.number(request.reports().size());
        for (DispenseReport r : request.reports()) {
            c.number(r.position());
            c.count(r.cassette());
            c.count(r.dispensed());
            c.count(r.rejected());
        }
        c.flag(pricing.rawTickerPrice().isPresent());
        pricing.rawTickerPrice().ifPresent(d -> c.text(d.toPlainString()));
        c.flag(pricing.commissionPercentage().isPresent());
        pricing.commissionPercentage().ifPresent(d -> c.text(d.toPlainString()));
        c.flag(pricing.cashInFee().isPresent());
        pricing.cashInFee().ifPresent(c::fiat);
        c.flag(pricing.minimumTx().isPresent());
        pricing.minimumTx().ifPresent(c::fiat);
        return c.digest();
    }

    /**
     * Whether this post is the one whose fingerprint was stored as {@code lastPost}. Transactions
     * stored before the canonical fingerprint carry the digest of the former encoding (records'
     * {@code toString()}), so that one is accepted too: a machine re-sending its last post across
     * the upgrade is answered, not refused as stale. The former digest is only compared, never
     * stored; it can go once no transaction written before this release is still open.
     */
    public boolean isRepeatOf(String lastPost) {
        return fingerprint().equals(lastPost) || legacyFingerprint().equals(lastPost);
    }

    /** The fingerprint as written before the canonical encoding: kept only for {@link #isRepeatOf}. */
    String legacyFingerprint() {
        String canonical = String.join(
                "|",
                id.value(),
                direction.wire(),
                Long.toString(txVersion),
                fiat.toString(),
                Long.toString(cryptoAtoms.sat()),
                toAddress.orElse(""),
                bills.toString(),
                Boolean.toString(request.asksToSend()),
                Boolean.toString(request.asksToDispense()),
                Boolean.toString(request.reportsDispense()),
                request.reports().toString(),
                pricing.toString());
        return Canonical.sha256Prefix(canonical.getBytes(StandardCharsets.UTF_8));
    }

    /** The byte writer of {@link #fingerprint()}'s encoding. */
    private static final class Canonical {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        void text(String value) {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            bytes.writeBytes(ByteBuffer.allocate(4).putInt(utf8.length).array());
            bytes.writeBytes(utf8);
        }

        void number(long value) {
            bytes.writeBytes(ByteBuffer.allocate(8).putLong(value).array());
        }

        void flag(boolean value) {
            bytes.write(value ? 1 : 0);
        }

        void count(OptionalInt value) {
            flag(value.isPresent());
            if (value.isPresent()) number(value.getAsInt());
        }

        void fiat(FiatAmount amount) {
            text(amount.currency().getCurrencyCode());
            number(amount.minor());
        }

        String digest() {
            return sha256Prefix(bytes.toByteArray());
        }

        static String sha256Prefix(byte[] data) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(data);
                return HexFormat.of().formatHex(digest, 0, 16);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JDK has SHA-256", e);
            }
        }
    }
}
