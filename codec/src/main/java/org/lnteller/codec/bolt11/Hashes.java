package org.lnteller.codec.bolt11;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256, which every JDK provides. */
final class Hashes {
    private Hashes() {}

    static byte[] sha256(byte[]... parts) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        for (byte[] p : parts) md.update(p);
        return md.digest();
    }
}
