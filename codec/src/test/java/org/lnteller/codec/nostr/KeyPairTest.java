package org.lnteller.codec.nostr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.lnteller.codec.bech32.Bech32;

class KeyPairTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void thePublicKeyIsTheBip340XOnlyKeyOfTheSecret() {
        // BIP340 test vector 0: secret key 3
        KeyPair pair =
                KeyPair.fromSecretKey(HEX.parseHex("0000000000000000000000000000000000000000000000000000000000000003"));
        assertThat(pair.publicKeyHex()).isEqualTo("f9308a019258c31049344f85f89d5229b531c845836f99b08601f113bce036f9");
        // BIP340 test vector 1
        KeyPair other =
                KeyPair.fromSecretKey(HEX.parseHex("b7e151628aed2a6abf7158809cf4f3c762e7160f38b4da56a784d9045190cfef"));
        assertThat(other.publicKeyHex()).isEqualTo("dff1d77f2a671c5f36183726db2341be58feae1da2deced843240f7b502ba659");
    }

    @Test
    void theSecretKeyEncodesAsTheNip19Nsec() {
        // NIP-19's example secret key
        KeyPair pair =
                KeyPair.fromSecretKey(HEX.parseHex("67dea2ed018072d675f5415ecfaed7d2597555e202d85b3d65ea4e58d2d92ffa"));
        assertThat(pair.nsec()).isEqualTo("nsec1vl029mgpspedva04g90vltkh6fvh240zqtv9k0t9af8935ke9laqsnlfe5");
        assertThat(pair.secretKeyHex()).isEqualTo("67dea2ed018072d675f5415ecfaed7d2597555e202d85b3d65ea4e58d2d92ffa");
        assertThat(PublicKeys.parseXOnly(pair.npub())).isEqualTo(pair.publicKeyHex());
        assertThat(Bech32.decode(pair.npub()).hrp()).isEqualTo("npub");
    }

    @Test
    void zeroAndTheCurveOrderAreNotSecretKeys() {
        assertThatThrownBy(() -> KeyPair.fromSecretKey(new byte[32])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyPair.fromSecretKey(
                        HEX.parseHex("fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyPair.fromSecretKey(new byte[31])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theTextOfAKeyPairNeverShowsTheSecret() {
        KeyPair pair =
                KeyPair.fromSecretKey(HEX.parseHex("67dea2ed018072d675f5415ecfaed7d2597555e202d85b3d65ea4e58d2d92ffa"));
        assertThat(pair.toString())
                .doesNotContain(pair.secretKeyHex())
                .doesNotContain(pair.nsec())
                .contains(pair.publicKeyHex());
    }
}
