package org.lnteller.codec.bolt11;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.lnteller.codec.Network;
import org.lnteller.codec.bech32.Bech32;
import org.lnteller.codec.bolt11.InvalidInvoice.Reason;

/**
 * BOLT #11 invoices: {@link #decode} parses and authenticates one, {@link #encode} writes and
 * signs one. Stateless and thread-safe; neither reads the clock.
 */
public final class Bolt11 {

    // tagged field types: the bech32 character's value (p = 1, s = 16, ...)
    private static final int TAG_PAYMENT_HASH = 1; // p
    private static final int TAG_ROUTE = 3; // r
    private static final int TAG_FEATURES = 5; // 9
    private static final int TAG_EXPIRY = 6; // x
    private static final int TAG_FALLBACK = 9; // f
    private static final int TAG_DESCRIPTION = 13; // d
    private static final int TAG_PAYMENT_SECRET = 16; // s
    private static final int TAG_PAYEE = 19; // n
    private static final int TAG_DESCRIPTION_HASH = 23; // h
    private static final int TAG_MIN_FINAL_CLTV = 24; // c
    private static final int TAG_METADATA = 27; // m

    private static final int TIMESTAMP_WORDS = 7; // 35 bits
    private static final int SIGNATURE_WORDS = 104; // 520 bits: 64-byte signature + recovery id
    private static final int HASH_WORDS = 52; // 256 bits + 4 bits of padding
    private static final int PUBKEY_WORDS = 53; // 264 bits + 1 bit of padding

    private Bolt11() {}

    /**
     * Decodes an invoice and checks its signature.
     *
     * <p>Accepts the bare invoice in all-lower or all-upper case, of any length; a
     * {@code lightning:} prefix or surrounding whitespace is the caller's to remove (see
     * {@code PaymentDestinations}). Unknown tagged fields, and {@code p}, {@code h}, {@code s},
     * {@code n} fields of the wrong length, are skipped as BOLT #11 requires. An invoice without a
     * usable {@code s} (payment secret) is refused, and so is a high-S signature beside an
     * {@code n} field.
     *
     * <p>The payee is recovered from the signature, or taken from the {@code n} field after
     * verifying the signature against it. Without an {@code n} field, any well-formed signature
     * recovers <em>some</em> key: a caller that expects a particular payee must compare
     * {@link Bolt11Invoice#payee()}.
     *
     * <p>Expiry is not judged here, because decoding takes no clock: use
     * {@link Bolt11Invoice#isExpiredAt(Instant)}.
     *
     * @throws InvalidInvoice when the text is not a valid invoice; its reason names the rule broken
     */
    public static Bolt11Invoice decode(String text) {
        Objects.requireNonNull(text, "text");
        if (!text.regionMatches(true, 0, "ln", 0, 2)) {
            // checked before the checksum so that "lightning:lnbc..." or a bitcoin address is named for what it is
            throw new InvalidInvoice(Reason.NOT_AN_INVOICE, "not a Lightning invoice: it does not start with 'ln'");
        }
        Bech32.Decoded bech;
        try {
            bech = Bech32.decode(text);
        } catch (Bech32.InvalidBech32 e) {
            throw switch (e.problem()) {
                case MIXED_CASE ->
                    new InvalidInvoice(Reason.MIXED_CASE, "the invoice mixes upper- and lower-case letters");
                case BAD_CHECKSUM ->
                    new InvalidInvoice(
                            Reason.BAD_CHECKSUM, "the invoice checksum does not match: it is damaged or incomplete");
                default ->
                    new InvalidInvoice(Reason.NOT_AN_INVOICE, "not a Lightning invoice: the text " + e.getMessage());
            };
        }
        String hrp = bech.hrp();
        if (!hrp.startsWith("ln")) {
            throw new InvalidInvoice(Reason.NOT_AN_INVOICE, "not a Lightning invoice: it does not start with 'ln'");
        }
        if (bech.variant() != Bech32.Variant.BECH32) {
            // BOLT #11 is bech32; a bech32m checksum over the same text is not a match
            throw new InvalidInvoice(
                    Reason.BAD_CHECKSUM, "the invoice checksum does not match: it is damaged or incomplete");
        }
        String afterLn = hrp.substring(2);
        int firstDigit = 0;
        while (firstDigit < afterLn.length() && !isDigit(afterLn.charAt(firstDigit))) firstDigit++;
        // the network prefix is every letter before the amount: "tbs" is signet, never "tb" + "s"
        String prefix = afterLn.substring(0, firstDigit);
        Network network = Network.fromBolt11Prefix(prefix)
                .orElseThrow(() -> new InvalidInvoice(
                        Reason.UNKNOWN_NETWORK,
                        "unknown network prefix 'ln" + prefix + "' (expected lnbc, lntb, lntbs or lnbcrt)"));
        OptionalLong amountMsat = Amounts.parse(afterLn.substring(firstDigit));

        byte[] w = bech.words();
        if (w.length < TIMESTAMP_WORDS + SIGNATURE_WORDS) {
            throw new InvalidInvoice(Reason.TOO_SHORT, "the invoice is too short to hold a timestamp and a signature");
        }
        int sigStart = w.length - SIGNATURE_WORDS;
        Instant timestamp = Instant.ofEpochSecond(readUnsigned(w, 0, TIMESTAMP_WORDS, "timestamp"));
        Fields f = readFields(w, TIMESTAMP_WORDS, sigStart);

        byte[] signature = Bech32.fromWordsTruncating(w, sigStart, SIGNATURE_WORDS);
        byte[] sig64 = Arrays.copyOf(signature, 64);
        int recoveryId = signature[64] & 0xff;
        byte[] digest = Hashes.sha256(hrp.getBytes(StandardCharsets.UTF_8), Bech32.fromWordsPadded(w, 0, sigStart));
        NodeId payee;
        if (f.payee != null) {
            // BOLT #11: with a valid n field, the signature must be low-S (else anyone could flip S
            // and get a second valid text), and is verified against it instead of recovering
            if (Signatures.isHighS(sig64)) {
                throw new InvalidInvoice(
                        Reason.HIGH_S_SIGNATURE,
                        "the invoice names its payee but its signature is not in canonical (low-S) form");
            }
            if (!Signatures.verify(sig64, digest, f.payee.unsafeBytes())) {
                throw new InvalidInvoice(
                        Reason.BAD_SIGNATURE,
                        "the invoice signature does not match its payee: it was altered or forged");
            }
            payee = f.payee;
        } else {
            byte[] recovered = Signatures.recover(sig64, digest, recoveryId)
                    .orElseThrow(() -> new InvalidInvoice(
                            Reason.BAD_SIGNATURE,
                            "the invoice signature is not valid: no payee key can be recovered from it"));
            payee = NodeId.of(recovered);
        }

        if (f.paymentHash == null) {
            throw new InvalidInvoice(Reason.MISSING_PAYMENT_HASH, "the invoice has no payment hash");
        }
        if (f.paymentSecret == null) {
            // BOLT #11: a reader MUST fail the payment without a valid s field; every payer does today
            throw new InvalidInvoice(
                    Reason.MISSING_PAYMENT_SECRET,
                    "the invoice has no payment secret (s field): wallets refuse to pay it, ask for a new invoice");
        }
        if (f.description == null && f.descriptionHash == null) {
            throw new InvalidInvoice(
                    Reason.MISSING_DESCRIPTION, "the invoice has neither a description nor a description hash");
        }
        SortedSet<Integer> features = f.features == null ? new TreeSet<>() : f.features;
        for (int bit : features) {
            if (bit % 2 == 0 && !Features.KNOWN_COMPULSORY.contains(bit)) {
                throw new InvalidInvoice(
                        Reason.UNKNOWN_REQUIRED_FEATURE,
                        "the invoice requires feature " + bit + ", which this server does not support");
            }
        }
        return new Bolt11Invoice(
                network,
                amountMsat,
                timestamp,
                f.paymentHash,
                f.paymentSecret,
                Optional.ofNullable(f.description),
                Optional.ofNullable(f.descriptionHash),
                f.expiry == null ? Bolt11Invoice.DEFAULT_EXPIRY : f.expiry,
                f.minFinalCltv,
                payee,
                features,
                f.fallbacks,
                f.routes,
                Optional.ofNullable(f.metadata),
                text);
    }

    /** The first usable value of each tagged field; null where absent. */
    private static final class Fields {
        @Nullable
        ByteVector paymentHash;

        @Nullable
        ByteVector paymentSecret;

        @Nullable
        String description;

        @Nullable
        ByteVector descriptionHash;

        @Nullable
        NodeId payee;

        @Nullable
        Duration expiry;

        OptionalInt minFinalCltv = OptionalInt.empty();

        @Nullable
        SortedSet<Integer> features;

        @Nullable
        ByteVector metadata;

        final List<FallbackAddress> fallbacks = new ArrayList<>();
        final List<RouteHint> routes = new ArrayList<>();
    }

    private static Fields readFields(byte[] w, int start, int end) {
        Fields f = new Fields();
        int pos = start;
        while (pos < end) {
            if (pos + 3 > end) {
                throw new InvalidInvoice(Reason.MALFORMED_FIELD, "the invoice ends in the middle of a field header");
            }
            int tag = w[pos];
            int len = (w[pos + 1] << 5) | w[pos + 2];
            pos += 3;
            if (pos + len > end) {
                throw new InvalidInvoice(
                        Reason.MALFORMED_FIELD,
                        "the invoice's '" + Bech32.CHARSET.charAt(tag) + "' field runs past the signature");
            }
            switch (tag) {
                case TAG_PAYMENT_HASH -> {
                    if (f.paymentHash == null && len == HASH_WORDS) {
                        f.paymentHash = ByteVector.wrap(Bech32.fromWordsTruncating(w, pos, len));
                    }
                }
                case TAG_PAYMENT_SECRET -> {
                    if (f.paymentSecret == null && len == HASH_WORDS) {
                        f.paymentSecret = ByteVector.wrap(Bech32.fromWordsTruncating(w, pos, len));
                    }
                }
                case TAG_DESCRIPTION_HASH -> {
                    if (f.descriptionHash == null && len == HASH_WORDS) {
                        f.descriptionHash = ByteVector.wrap(Bech32.fromWordsTruncating(w, pos, len));
                    }
                }
                case TAG_PAYEE -> {
                    if (f.payee == null && len == PUBKEY_WORDS) {
                        f.payee = nodeIdOrNull(Bech32.fromWordsTruncating(w, pos, len));
                    }
                }
                case TAG_DESCRIPTION -> {
                    if (f.description == null) f.description = utf8(Bech32.fromWordsTruncating(w, pos, len));
                }
                case TAG_EXPIRY -> {
                    if (f.expiry == null) f.expiry = Duration.ofSeconds(readUnsigned(w, pos, len, "expiry"));
                }
                case TAG_MIN_FINAL_CLTV -> {
                    if (f.minFinalCltv.isEmpty()) {
                        long blocks = readUnsigned(w, pos, len, "min_final_cltv_expiry");
                        if (blocks > Integer.MAX_VALUE) {
                            throw new InvalidInvoice(
                                    Reason.MALFORMED_FIELD, "the invoice's min_final_cltv_expiry is out of range");
                        }
                        f.minFinalCltv = OptionalInt.of((int) blocks);
                    }
                }
                case TAG_FEATURES -> {
                    if (f.features == null) f.features = Features.read(w, pos, len);
                }
                case TAG_METADATA -> {
                    if (f.metadata == null) f.metadata = ByteVector.wrap(Bech32.fromWordsTruncating(w, pos, len));
                }
                case TAG_FALLBACK -> readFallback(w, pos, len).ifPresent(f.fallbacks::add);
                case TAG_ROUTE -> readRoute(w, pos, len).ifPresent(f.routes::add);
                default -> {
                    // BOLT #11: readers skip fields they do not know
                }
            }
            pos += len;
        }
        return f;
    }

    private static @Nullable NodeId nodeIdOrNull(byte[] bytes) {
        try {
            return NodeId.of(bytes);
        } catch (IllegalArgumentException e) {
            // not a compressed key: not a valid n field, so the payee is recovered instead
            return null;
        }
    }

    /** An {@code f} field with an unknown version (19..31) or a malformed program is skipped. */
    private static Optional<FallbackAddress> readFallback(byte[] w, int pos, int len) {
        if (len < 1) return Optional.empty();
        try {
            return Optional.of(
                    new FallbackAddress(w[pos], ByteVector.wrap(Bech32.fromWordsTruncating(w, pos + 1, len - 1))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * An {@code r} field that is not a whole number of 51-byte hops is skipped: a route hint is
     * advice, and the backend that pays decodes the invoice itself.
     */
    private static Optional<RouteHint> readRoute(byte[] w, int pos, int len) {
        byte[] bytes = Bech32.fromWordsTruncating(w, pos, len);
        if (bytes.length == 0 || bytes.length % RouteHop.SIZE_BYTES != 0) return Optional.empty();
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        List<RouteHop> hops = new ArrayList<>();
        try {
            while (buf.hasRemaining()) {
                byte[] key = new byte[33];
                buf.get(key);
                long scid = buf.getLong();
                long feeBase = Integer.toUnsignedLong(buf.getInt());
                long feeProportional = Integer.toUnsignedLong(buf.getInt());
                int cltvDelta = Short.toUnsignedInt(buf.getShort());
                hops.add(new RouteHop(NodeId.of(key), new ShortChannelId(scid), feeBase, feeProportional, cltvDelta));
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(new RouteHint(hops));
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidInvoice(Reason.MALFORMED_FIELD, "the invoice description is not valid UTF-8");
        }
    }

    /** A big-endian unsigned number in 5-bit words. */
    private static long readUnsigned(byte[] w, int pos, int len, String what) {
        long v = 0;
        for (int i = pos; i < pos + len; i++) {
            if (v > (Long.MAX_VALUE >>> 5)) {
                throw new InvalidInvoice(Reason.MALFORMED_FIELD, "the invoice's " + what + " is out of range");
            }
            v = (v << 5) | w[i];
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * The node id (compressed public key) that {@link #encode} with this key signs as.
     *
     * @throws IllegalArgumentException unless a valid 32-byte secp256k1 secret key
     */
    public static NodeId nodeIdOf(byte[] privateKey) {
        return NodeId.of(Signatures.publicKey(privateKey));
    }

    /**
     * Writes and signs an invoice, lower case. Amounts use the shortest exact multiplier; fields
     * are written in the order s, p, d or h, m, n, x, c, f, r, 9; the nonce is deterministic
     * (RFC 6979), so equal drafts and keys give equal invoices.
     *
     * @param privateKey 32-byte secp256k1 secret key of the payee node; not retained
     * @throws IllegalArgumentException when the key is not a valid secret key
     */
    public static String encode(InvoiceDraft draft, byte[] privateKey) {
        Objects.requireNonNull(draft, "draft");
        byte[] payee = Signatures.publicKey(privateKey);
        String hrp = "ln" + draft.network().bolt11Prefix()
                + (draft.amountMsat().isPresent()
                        ? Amounts.format(draft.amountMsat().getAsLong())
                        : "");

        WordWriter out = new WordWriter();
        out.unsigned(draft.timestamp().getEpochSecond(), TIMESTAMP_WORDS);
        out.field(TAG_PAYMENT_SECRET, Bech32.toWords(draft.paymentSecret().unsafeArray()));
        out.field(TAG_PAYMENT_HASH, Bech32.toWords(draft.paymentHash().unsafeArray()));
        draft.description()
                .ifPresent(d -> out.field(TAG_DESCRIPTION, Bech32.toWords(d.getBytes(StandardCharsets.UTF_8))));
        draft.descriptionHash().ifPresent(h -> out.field(TAG_DESCRIPTION_HASH, Bech32.toWords(h.unsafeArray())));
        draft.metadata().ifPresent(m -> out.field(TAG_METADATA, Bech32.toWords(m.unsafeArray())));
        if (draft.includePayeeField()) out.field(TAG_PAYEE, Bech32.toWords(payee));
        if (!draft.expiry().equals(Bolt11Invoice.DEFAULT_EXPIRY)) {
            out.field(TAG_EXPIRY, minimalWords(draft.expiry().toSeconds()));
        }
        draft.minFinalCltvExpiry().ifPresent(c -> out.field(TAG_MIN_FINAL_CLTV, minimalWords(c)));
        for (FallbackAddress fallback : draft.fallbacks()) {
            byte[] program = Bech32.toWords(fallback.program().unsafeArray());
            byte[] words = new byte[program.length + 1];
            words[0] = (byte) fallback.version();
            System.arraycopy(program, 0, words, 1, program.length);
            out.field(TAG_FALLBACK, words);
        }
        for (RouteHint route : draft.routes()) {
            ByteBuffer buf = ByteBuffer.allocate(route.hops().size() * RouteHop.SIZE_BYTES);
            for (RouteHop hop : route.hops()) {
                buf.put(hop.nodeId().unsafeBytes());
                buf.putLong(hop.shortChannelId().value());
                buf.putInt((int) hop.feeBaseMsat());
                buf.putInt((int) hop.feeProportionalMillionths());
                buf.putShort((short) hop.cltvExpiryDelta());
            }
            out.field(TAG_ROUTE, Bech32.toWords(buf.array()));
        }
        if (!draft.features().isEmpty()) out.field(TAG_FEATURES, Features.write(draft.features()));

        byte[] data = out.toArray();
        byte[] digest =
                Hashes.sha256(hrp.getBytes(StandardCharsets.UTF_8), Bech32.fromWordsPadded(data, 0, data.length));
        byte[] signatureWords = Bech32.toWords(Signatures.signRecoverable(digest, privateKey));
        byte[] all = Arrays.copyOf(data, data.length + signatureWords.length);
        System.arraycopy(signatureWords, 0, all, data.length, signatureWords.length);
        return Bech32.encode(hrp, all, Bech32.Variant.BECH32);
    }

    /** The fewest big-endian 5-bit words that hold {@code value}; none for zero. */
    private static byte[] minimalWords(long value) {
        int n = 0;
        for (long v = value; v != 0; v >>>= 5) n++;
        byte[] words = new byte[n];
        for (int i = n - 1; i >= 0; i--) {
            words[i] = (byte) (value & 31);
            value >>>= 5;
        }
        return words;
    }

    /** Accumulates 5-bit words: a timestamp, then tagged fields. */
    private static final class WordWriter {
        private final ByteArrayOutputStream words = new ByteArrayOutputStream();

        void unsigned(long value, int count) {
            for (int i = count - 1; i >= 0; i--) words.write((int) ((value >>> (5 * i)) & 31));
        }

        void field(int tag, byte[] data) {
            if (data.length > 1023) throw new IllegalArgumentException("a tagged field holds at most 1023 words");
            words.write(tag);
            words.write(data.length >>> 5);
            words.write(data.length & 31);
            words.write(data, 0, data.length);
        }

        byte[] toArray() {
            return words.toByteArray();
        }
    }
}
