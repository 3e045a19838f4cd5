package org.lnteller.core.internal.pairing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TotemTest {

    @Test
    void encodesAsAnIndependentBaseXImplementationDoes() {
        // vectors from a separate Python implementation of base-x over the same alphabet
        assertThat(Totem.encode(new byte[0])).isEmpty();
        assertThat(Totem.encode(new byte[] {0})).isEqualTo("0");
        assertThat(Totem.encode(new byte[] {0, 0, 1})).isEqualTo("001");
        assertThat(Totem.encode(new byte[] {(byte) 255})).isEqualTo("5U");
        assertThat(Totem.encode("hello world".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("K3*J+EGLBVAYYB36");
        byte[] ramp = new byte[40];
        for (int i = 0; i < ramp.length; i++) ramp[i] = (byte) i;
        assertThat(Totem.encode(ramp)).isEqualTo("03+03SW:61KWK%31/2/YP5KBWWTB++ :*UQ*+.ARO:SI.L9+0RI0 FI:0");
    }

    @Test
    void eachLeadingZeroByteIsOneLeadingZeroCharacterBothWays() {
        for (int zeros = 0; zeros < 5; zeros++) {
            byte[] bytes = new byte[zeros + 2];
            bytes[zeros] = (byte) 0x80;
            bytes[zeros + 1] = 1;
            String text = Totem.encode(bytes);
            assertThat(text).startsWith("0".repeat(zeros)).doesNotStartWith("0".repeat(zeros + 1));
            assertThat(Totem.decode(text)).isEqualTo(bytes);
        }
        assertThat(Totem.decode("000")).isEqualTo(new byte[3]);
    }

    @Test
    void randomByteStringsRoundTrip() {
        Random random = new Random(45);
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = new byte[random.nextInt(90)];
            random.nextBytes(bytes);
            if (bytes.length > 0 && random.nextInt(4) == 0) bytes[0] = 0;
            String text = Totem.encode(bytes);
            assertThat(text.chars()).allMatch(c -> Totem.ALPHABET.indexOf(c) >= 0);
            assertThat(Totem.decode(text)).isEqualTo(bytes);
        }
    }

    @Test
    void aTotemCarriesTheCaHashTheTokenAndTheHost() {
        byte[] hash = new byte[32];
        byte[] token = new byte[32];
        hash[0] = 0; // a hash that starts with zero bytes must survive the encoding
        hash[5] = 7;
        token[31] = (byte) 0xff;
        Totem totem = new Totem(hash, token, "192.168.1.20");

        Totem read = Totem.parse(totem.text());

        assertThat(read).isEqualTo(totem);
        assertThat(read.caSha256()).isEqualTo(hash);
        assertThat(read.host()).isEqualTo("192.168.1.20");
        assertThat(totem.toString()).doesNotContain("ff");
    }

    @Test
    void textOutsideTheAlphabetIsRefused() {
        assertThatThrownBy(() -> Totem.decode("abc")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Totem.parse("ABC")).isInstanceOf(IllegalArgumentException.class);
    }
}
