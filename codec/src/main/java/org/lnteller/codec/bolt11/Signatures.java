package org.lnteller.codec.bolt11;

import fr.acinq.secp256k1.Secp256k1;
import java.util.Arrays;
import java.util.Optional;

/**
 * The secp256k1 operations BOLT #11 needs: compact recoverable ECDSA over a 32-byte digest.
 * libsecp256k1 is thread-safe for these calls.
 */
final class Signatures {
    private Signatures() {}

    private static Secp256k1 secp() {
        return Secp256k1.get();
    }

    /** The compressed public key that produced {@code sig64} over {@code digest}, if recoverable. */
    static Optional<byte[]> recover(byte[] sig64, byte[] digest, int recoveryId) {
        if (recoveryId < 0 || recoveryId > 3) return Optional.empty();
        try {
            byte[] key = secp().ecdsaRecover(sig64, digest, recoveryId);
            return Optional.of(secp().pubKeyCompress(key));
        } catch (RuntimeException e) {
            // libsecp256k1 reports an unrecoverable signature (r or s out of range, no such point) by throwing
            return Optional.empty();
        }
    }

    /**
     * True when {@code sig64} is a valid low-S signature of {@code digest} by {@code pubkey33}.
     * libsecp256k1 refuses a high-S signature here; callers that must say why check
     * {@link #isHighS} first.
     */
    static boolean verify(byte[] sig64, byte[] digest, byte[] pubkey33) {
        try {
            return secp().verify(sig64, digest, pubkey33);
        } catch (RuntimeException e) {
            // an unparseable key or signature is not a valid signature
            return false;
        }
    }

    /**
     * True when the compact signature's S is above half the curve order (the malleable twin of a
     * low-S signature). An unparseable signature is not called high-S: verifying it fails anyway.
     */
    static boolean isHighS(byte[] sig64) {
        try {
            // the flag says whether normalizing had to flip S, i.e. whether S was high
            return secp().signatureNormalize(sig64).getSecond();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** @throws IllegalArgumentException unless a valid 32-byte secp256k1 secret key */
    static byte[] publicKey(byte[] privateKey) {
        checkPrivateKey(privateKey);
        return secp().pubKeyCompress(secp().pubkeyCreate(privateKey));
    }

    static void checkPrivateKey(byte[] privateKey) {
        if (privateKey == null || privateKey.length != 32 || !secp().secKeyVerify(privateKey)) {
            throw new IllegalArgumentException("a private key is 32 bytes in the secp256k1 range");
        }
    }

    /**
     * Signs and appends the recovery id: 64-byte compact signature + 1 byte, as BOLT #11 writes it.
     * The nonce is deterministic (RFC 6979), so equal inputs give equal signatures.
     */
    static byte[] signRecoverable(byte[] digest, byte[] privateKey) {
        byte[] pub = publicKey(privateKey);
        byte[] sig = secp().sign(digest, privateKey);
        for (int recid = 0; recid < 4; recid++) {
            Optional<byte[]> recovered = recover(sig, digest, recid);
            if (recovered.isPresent() && Arrays.equals(recovered.get(), pub)) {
                byte[] out = Arrays.copyOf(sig, 65);
                out[64] = (byte) recid;
                return out;
            }
        }
        throw new IllegalStateException("no recovery id reproduces the signing key");
    }
}
