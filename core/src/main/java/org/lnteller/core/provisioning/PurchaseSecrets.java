package org.lnteller.core.provisioning;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.lnteller.codec.nostr.KeyPair;
import org.lnteller.ports.model.PaymentHash;

/**
 * The secrets of a purchased app, derived with HMAC-SHA256 under the server's purchase secret so
 * that they never have to be stored in clear:
 * <ul>
 *   <li>the app's bearer token from the payment hash: the monitor needs its hash to create the
 *       app when the payment is seen, long before the buyer claims it, and the store keeps only
 *       that hash (the claim token's hash is the purchase's only secret field). Reading the token
 *       back needs the server secret, which is never in the database;</li>
 *   <li>a generated secret key from the claim token: reading it back needs both the server
 *       secret and the claim token, which the server never stores (only its SHA-256). The public
 *       key is computed when the purchase is made and stored with it.</li>
 * </ul>
 * Each derivation names its purpose, so one output never doubles as another. Stateless and
 * thread-safe (a {@link Mac} per call).
 */
public final class PurchaseSecrets {
    /** Bytes of the server secret at least: as many as the HMAC-SHA256 output. */
    public static final int MIN_SECRET_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    /** @param serverSecret at least {@link #MIN_SECRET_BYTES} random bytes, the same on every server instance */
    public PurchaseSecrets(byte[] serverSecret) {
        if (serverSecret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("the purchase secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(serverSecret.clone(), ALGORITHM);
    }

    /** The bearer token of the app bought with {@code paymentHash}: {@code lnt_} and 43 base64url characters, as the admin path's. */
    public String appToken(PaymentHash paymentHash) {
        return "lnt_"
                + Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(mac("lnteller/app-token/v1", paymentHash.bytes(), 0));
    }

    /**
     * The keypair generated for the purchase whose claim token is {@code claimToken}. A candidate
     * outside the curve order (chance about 2^-128) is skipped for the next counter value.
     */
    public KeyPair generatedKey(String claimToken) {
        byte[] input = claimToken.getBytes(StandardCharsets.UTF_8);
        for (int counter = 0; ; counter++) {
            byte[] candidate = mac("lnteller/app-secret-key/v1", input, counter);
            if (KeyPair.isValidSecretKey(candidate)) {
                KeyPair pair = KeyPair.fromSecretKey(candidate);
                Arrays.fill(candidate, (byte) 0);
                return pair;
            }
        }
    }

    private byte[] mac(String purpose, byte[] input, int counter) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(purpose.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) 0);
            mac.update(ByteBuffer.allocate(4).putInt(counter).array());
            mac.update(input);
            return mac.doFinal();
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return "PurchaseSecrets[<redacted>]";
    }
}
