package org.lnteller.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class OperatorPasswordTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void aPasswordMatchesItsOwnArgon2idHashAndNoOther() {
        String hash = OperatorPassword.hash("a long enough secret".toCharArray(), random);

        assertThat(hash).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(OperatorPassword.matches(hash, "a long enough secret".toCharArray()))
                .isTrue();
        assertThat(OperatorPassword.matches(hash, "a long enough secreT".toCharArray()))
                .isFalse();
        assertThat(OperatorPassword.hash("a long enough secret".toCharArray(), random))
                .as("salted")
                .isNotEqualTo(hash);
    }

    @Test
    void aHashOfTheReferenceImplementationMatchesWithTheParametersItNames() {
        // made by the reference implementation (Debian's libargon2 1, argon2_hash) for "password",
        // salt "somesalt", m=64, t=2, p=1, 32 bytes: BouncyCastle must agree with it
        String reference = "$argon2id$v=19$m=64,t=2,p=1$c29tZXNhbHQ$FqGkmHNGCd0BRW2kBt6fPZ2pPmyGwwChL8FGUhTOSSI";
        assertThat(OperatorPassword.matches(reference, "password".toCharArray()))
                .isTrue();
        assertThat(OperatorPassword.matches(reference, "passwore".toCharArray()))
                .isFalse();
    }

    @Test
    void garbageOrAbsurdParametersNeverMatchAndNeverThrow() {
        assertThat(OperatorPassword.matches("", "x".toCharArray())).isFalse();
        assertThat(OperatorPassword.matches(
                        "$argon2i$v=19$m=64,t=2,p=1$c29tZXNhbHQ$ug1crKbMPO5wK+0b5f+P1YkXZU/EHfz6nRlcMCRl8WI",
                        "password".toCharArray()))
                .isFalse();
        assertThat(OperatorPassword.matches(
                        "$argon2id$v=19$m=9999999,t=2,p=1$c29tZXNhbHQ$ug1crKbMPO5wK+0b5f+P1YkXZU/EHfz6nRlcMCRl8WI",
                        "password".toCharArray()))
                .isFalse();
    }

    @Test
    void aShortPasswordIsRefusedWhenSet() {
        assertThatThrownBy(() -> OperatorPassword.hash("short".toCharArray(), random))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
