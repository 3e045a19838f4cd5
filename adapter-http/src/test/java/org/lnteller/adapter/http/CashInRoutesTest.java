package org.lnteller.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lnteller.codec.Network;
import org.lnteller.ports.model.Satoshi;
import org.lnteller.ports.model.TxId;
import org.lnteller.ports.tx.Rejection;
import org.lnteller.ports.usecase.CashInResolution;
import org.lnteller.ports.usecase.DestinationProbe;
import org.lnteller.ports.usecase.PostResult;
import org.lnteller.ports.usecase.ProbeResult;

/** The routes around a cash-in: the machine's probe, the operator's list of stuck cash-ins and their resolution. */
class CashInRoutesTest {
    @RegisterExtension
    static final ApiHarness api = ApiHarness.sharedByTheClass();

    @Test
    void aProbeTellsTheMachineWhichLimitsAreRoutableAndWhatTheBalanceAllows() {
        api.probe.answer = new DestinationProbe.Answer.Probed(new ProbeResult(
                List.of(
                        new ProbeResult.Limit(Satoshi.of(200_000), true, Optional.of(Satoshi.of(3)), Optional.empty()),
                        new ProbeResult.Limit(
                                Satoshi.of(1_000_000), true, Optional.of(Satoshi.of(12)), Optional.empty()),
                        new ProbeResult.Limit(Satoshi.of(2_000_000), false, Optional.empty(), Optional.of("no route"))),
                Satoshi.of(1_500_000)));
        ApiHarness.Reply reply = api.machine("GET", "/probe?address=user%40wallet.example", null);
        assertThat(reply.status()).isEqualTo(200);
        JsonNode json = reply.json();
        assertThat(json.path("routable").toString()).isEqualTo("[200000,1000000]");
        assertThat(json.path("limits").get(2).path("reason").asText()).isEqualTo("no route");
        assertThat(json.path("limits").get(0).path("feeSats").asLong()).isEqualTo(3);
        assertThat(json.path("maxByBalanceSats").asLong()).isEqualTo(1_500_000);
        assertThat(api.probe.calls).containsExactly(new FakeProbe.Call(FakeApps.ATM, "user@wallet.example"));
    }

    @Test
    void aProbeOfAnUnusableAddressIsRefusedWithTheReason() {
        api.probe.answer =
                new DestinationProbe.Answer.Refused(new Rejection.WrongNetwork(Network.MAINNET, Network.TESTNET));
        ApiHarness.Reply reply = api.machine("GET", "/probe?address=lntb1x", null);
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().path("code").asText()).isEqualTo("wrongNetwork");
    }

    @Test
    void theOperatorSeesStuckCashIns() {
        api.operator.stuck = List.of(Txs.cashIn(FakeApps.ATM, "in-1"));
        ApiHarness.Reply reply = api.admin("GET", "/api/admin/cashins/stuck", null);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("items").get(0).path("id").asText()).isEqualTo("in-1");
    }

    @Test
    void aRefundIsRecordedWithWhoAndWhy() {
        api.operator.resolution = new PostResult.Accepted(Txs.cashIn(FakeApps.ATM, "in-1"));
        ApiHarness.Reply reply = api.admin(
                "POST", "/api/admin/txs/in-1/refund", "{\"operator\":\"alice\",\"reason\":\"cash handed back\"}");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(api.operator.resolutions)
                .containsExactly(new FakeOperator.Resolution(
                        TxId.of("in-1"), CashInResolution.REFUND, "alice", "cash handed back"));
    }

    @Test
    void aResolutionTheRulesRefuseIsAConflictAndAnUnknownTxIsNotFound() {
        api.operator.resolution =
                new PostResult.Refused(new Rejection.Closed("authorized with a payment that may be in flight"));
        assertThat(api.admin("POST", "/api/admin/txs/in-1/cancel", "{\"operator\":\"bob\",\"reason\":\"walked away\"}")
                        .status())
                .isEqualTo(409);
        api.operator.resolution = new PostResult.Refused(new Rejection.NotFound());
        assertThat(api.admin("POST", "/api/admin/txs/in-9/refund", "{\"operator\":\"bob\",\"reason\":\"x\"}")
                        .status())
                .isEqualTo(404);
    }
}
