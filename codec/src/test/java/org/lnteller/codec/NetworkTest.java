package org.lnteller.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NetworkTest {

    @Test
    void networksAreNamedByTheirInvoicePrefix() {
        assertThat(Network.fromBolt11Prefix("bcrt")).contains(Network.REGTEST);
        assertThat(Network.fromBolt11Prefix("tbs")).contains(Network.SIGNET);
        assertThat(Network.parse("Mainnet")).isEqualTo(Network.MAINNET);
        assertThat(Network.parse("tb")).isEqualTo(Network.TESTNET);
        assertThatThrownBy(() -> Network.parse("liquid")).isInstanceOf(IllegalArgumentException.class);
    }
}
