package org.lnteller.codec.bech32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lnteller.codec.Network;
import org.lnteller.codec.bech32.Bech32.Problem;
import org.lnteller.codec.bolt11.ByteVector;
import org.lnteller.codec.bolt11.FallbackAddress;

/** BIP-173 and BIP-350 test vectors, and the rules BOLT #11 relaxes. */
class Bech32Test {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "A12UEL5L",
                "a12uel5l",
                "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
                "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
                "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
                "?1ezyfcl"
            })
    void aValidBip173StringDecodesAsBech32(String text) {
        assertThat(Bech32.decode(text).variant()).isEqualTo(Bech32.Variant.BECH32);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "A1LQFN3A",
                "a1lqfn3a",
                "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
                "split1checkupstagehandshakeupstreamerranterredcaperredlc445v",
                "?1v759aa"
            })
    void aValidBip350StringDecodesAsBech32m(String text) {
        assertThat(Bech32.decode(text).variant()).isEqualTo(Bech32.Variant.BECH32M);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
        "pzry9x0s0muk, NO_SEPARATOR",
        "1pzry9x0s0muk, NO_SEPARATOR",
        "x1b4n0q5v, INVALID_CHARACTER",
        "li1dgmt3, TOO_SHORT",
        "A1G7SGD8, BAD_CHECKSUM",
        "a12uEL5L, MIXED_CASE",
        "a12uel5m, BAD_CHECKSUM"
    })
    void anInvalidStringIsRefusedWithItsProblem(String text, Problem problem) {
        assertThatThrownBy(() -> Bech32.decode(text))
                .isInstanceOfSatisfying(
                        Bech32.InvalidBech32.class, e -> assertThat(e.problem()).isEqualTo(problem));
    }

    @Test
    void aCharacterOutsidePrintableAsciiIsRefused() {
        assertThatThrownBy(() -> Bech32.decode("a1 2uel5l"))
                .isInstanceOfSatisfying(
                        Bech32.InvalidBech32.class, e -> assertThat(e.problem()).isEqualTo(Problem.INVALID_CHARACTER));
        assertThatThrownBy(() -> Bech32.decode("\u00e91qqqqqq"))
                .isInstanceOfSatisfying(
                        Bech32.InvalidBech32.class, e -> assertThat(e.problem()).isEqualTo(Problem.INVALID_CHARACTER));
    }

    @Test
    void thereIsNoNinetyCharacterLimit() {
        byte[] words = new byte[1000];
        new Random(1).nextBytes(words);
        for (int i = 0; i < words.length; i++) words[i] &= 31;

        String long1 = Bech32.encode("lnbc", words, Bech32.Variant.BECH32);

        assertThat(long1).hasSizeGreaterThan(1000);
        assertThat(Bech32.decode(long1).words()).isEqualTo(words);
    }

    @Test
    void bytesSurviveTheTripThroughFiveBitWords() {
        Random random = new Random(7);
        for (int n = 0; n < 80; n++) {
            byte[] bytes = new byte[n];
            random.nextBytes(bytes);

            assertThat(Bech32.fromWords(Bech32.toWords(bytes))).isEqualTo(bytes);
        }
    }

    @Test
    void paddingMustBeZeroAndShorterThanAWord() {
        // one byte is 8 bits: two words, with 2 bits of padding
        assertThatThrownBy(() -> Bech32.fromWords(new byte[] {0, 1})).isInstanceOf(IllegalArgumentException.class);
        // three words are 15 bits: one byte and 7 bits of padding, too many
        assertThatThrownBy(() -> Bech32.fromWords(new byte[] {0, 0, 0})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTaprootFallbackIsWrittenInBech32m() {
        FallbackAddress taproot = new FallbackAddress(
                1, ByteVector.fromHex("79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"));

        assertThat(taproot.address(Network.MAINNET))
                .isEqualTo("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0");
    }

    @Test
    void fallbacksUseTheirNetworksPrefixes() {
        FallbackAddress p2wpkh = new FallbackAddress(0, ByteVector.fromHex("751e76e8199196d454941c45d1b3a323f1433bd6"));

        assertThat(p2wpkh.address(Network.MAINNET)).isEqualTo("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4");
        assertThat(p2wpkh.address(Network.TESTNET)).isEqualTo("tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx");
        assertThat(p2wpkh.address(Network.SIGNET)).startsWith("tb1q");
        assertThat(p2wpkh.address(Network.REGTEST)).startsWith("bcrt1q");
    }
}
