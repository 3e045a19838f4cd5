package org.lnteller.core.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.lnteller.codec.nostr.KeyPair;
import org.lnteller.ports.model.PaymentHash;

class PurchaseSecretsTest {
    private static final PaymentHash ONE = PaymentHash.fromHex("01".repeat(32));
    private static final PaymentHash TWO = PaymentHash.fromHex("02".repeat(32));

    private static byte[] secret(int fill) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) fill);
        return bytes;
    }

    @Test
    void theAppTokenOfAPaymentIsTheSameEveryTimeAndDiffersPerPaymentAndPerServerSecret() {
        PurchaseSecrets secrets = new PurchaseSecrets(secret(7));
        assertThat(secrets.appToken(ONE))
                .startsWith("lnt_")
                .hasSize(4 + 43)
                .isEqualTo(new PurchaseSecrets(secret(7)).appToken(ONE));
        assertThat(secrets.appToken(TWO)).isNotEqualTo(secrets.appToken(ONE));
        assertThat(new PurchaseSecrets(secret(8)).appToken(ONE)).isNotEqualTo(secrets.appToken(ONE));
    }

    @Test
    void theGeneratedKeyOfAClaimTokenIsTheSameEveryTimeAndNeedsTheServerSecret() {
        PurchaseSecrets secrets = new PurchaseSecrets(secret(7));
        KeyPair first = secrets.generatedKey("lnc_abc");
        assertThat(secrets.generatedKey("lnc_abc").secretKeyHex()).isEqualTo(first.secretKeyHex());
        assertThat(secrets.generatedKey("lnc_abd").publicKeyHex()).isNotEqualTo(first.publicKeyHex());
        assertThat(new PurchaseSecrets(secret(8)).generatedKey("lnc_abc").publicKeyHex())
                .isNotEqualTo(first.publicKeyHex());
    }

    @Test
    void aServerSecretShorterThan32BytesIsRefused() {
        assertThatThrownBy(() -> new PurchaseSecrets(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
    }
}
