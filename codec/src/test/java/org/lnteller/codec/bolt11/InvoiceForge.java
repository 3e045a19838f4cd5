package org.lnteller.codec.bolt11;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.lnteller.codec.bech32.Bech32;

/**
 * Hand-assembles invoices word by word, to test what {@link Bolt11#encode} would never write:
 * missing fields, repeated fields, fields of the wrong length, tampered data.
 */
final class InvoiceForge {
    private final ByteArrayOutputStream words = new ByteArrayOutputStream();

    /** A timestamp and the spec's payment secret: every invoice a reader accepts has an {@code s} field. */
    static InvoiceForge withTimestamp(long seconds) {
        return withTimestampOnly(seconds)
                .bytesField('s', SpecExamples.paymentSecret().toArray());
    }

    /** A timestamp and nothing else: no {@code s} field. */
    static InvoiceForge withTimestampOnly(long seconds) {
        InvoiceForge f = new InvoiceForge();
        for (int i = 6; i >= 0; i--) f.words.write((int) ((seconds >>> (5 * i)) & 31));
        return f;
    }

    /** A field of raw words; {@code tag} is the bech32 character, e.g. 'p'. */
    InvoiceForge field(char tag, byte[] data) {
        words.write(Bech32.CHARSET.indexOf(tag));
        words.write(data.length >>> 5);
        words.write(data.length & 31);
        words.write(data, 0, data.length);
        return this;
    }

    InvoiceForge bytesField(char tag, byte[] bytes) {
        return field(tag, Bech32.toWords(bytes));
    }

    InvoiceForge textField(char tag, String text) {
        return bytesField(tag, text.getBytes(StandardCharsets.UTF_8));
    }

    byte[] words() {
        return words.toByteArray();
    }

    /** Signs like a real writer would, with a correct checksum. */
    String sign(String hrp, byte[] privateKey) {
        byte[] data = words();
        byte[] digest =
                Hashes.sha256(hrp.getBytes(StandardCharsets.UTF_8), Bech32.fromWordsPadded(data, 0, data.length));
        byte[] sig = Bech32.toWords(Signatures.signRecoverable(digest, privateKey));
        return Bech32.encode(hrp, concat(data, sig), Bech32.Variant.BECH32);
    }

    /** Appends arbitrary signature words with a correct checksum. */
    String withSignatureWords(String hrp, byte[] signatureWords) {
        return Bech32.encode(hrp, concat(words(), signatureWords), Bech32.Variant.BECH32);
    }

    /** Replaces one data word of a valid invoice and recomputes the checksum: an edit only the signature can catch. */
    static String tamperWord(String invoice, int wordIndex, int newValue) {
        Bech32.Decoded d = Bech32.decode(invoice);
        byte[] w = d.words();
        w[wordIndex] = (byte) newValue;
        return Bech32.encode(d.hrp(), w, Bech32.Variant.BECH32);
    }

    /** Re-encodes a valid invoice's data under another human-readable part, with a fresh checksum. */
    static String withHrp(String invoice, String hrp) {
        return Bech32.encode(hrp, Bech32.decode(invoice).words(), Bech32.Variant.BECH32);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
