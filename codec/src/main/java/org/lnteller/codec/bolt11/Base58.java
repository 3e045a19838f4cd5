package org.lnteller.codec.bolt11;

import java.math.BigInteger;
import java.util.Arrays;

/** Base58check encoding of legacy Bitcoin addresses (version byte + payload + 4-byte checksum). */
final class Base58 {
    private static final char[] ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
    private static final BigInteger BASE = BigInteger.valueOf(58);

    private Base58() {}

    static String checkEncode(int version, byte[] payload) {
        byte[] body = new byte[1 + payload.length];
        body[0] = (byte) version;
        System.arraycopy(payload, 0, body, 1, payload.length);
        byte[] checksum = Hashes.sha256(Hashes.sha256(body));
        byte[] full = Arrays.copyOf(body, body.length + 4);
        System.arraycopy(checksum, 0, full, body.length, 4);
        return encode(full);
    }

    private static String encode(byte[] data) {
        StringBuilder sb = new StringBuilder();
        BigInteger n = new BigInteger(1, data);
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(BASE);
            sb.append(ALPHABET[qr[1].intValue()]);
            n = qr[0];
        }
        // each leading zero byte is written as a leading '1'
        for (int i = 0; i < data.length && data[i] == 0; i++) sb.append(ALPHABET[0]);
        return sb.reverse().toString();
    }
}
