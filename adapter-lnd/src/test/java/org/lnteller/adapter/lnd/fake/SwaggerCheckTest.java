package org.lnteller.adapter.lnd.fake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The stand-in's check can fail: lnd's swagger files refuse what lnd would not understand. */
class SwaggerCheckTest {
    private static final SwaggerCheck LND = SwaggerCheck.lnd();

    @Test
    void aRequestLndDescribesPasses() {
        assertThat(LND.check(
                        "POST",
                        "/v1/invoices",
                        Map.of(),
                        Optional.of("{\"memo\":\"x\",\"value\":\"1000\",\"expiry\":\"600\"}")))
                .isEmpty();
        assertThat(LND.check("GET", "/v1/invoices/subscribe", Map.of("settle_index", List.of("3")), Optional.empty()))
                .isEmpty();
        assertThat(LND.check(
                        "GET",
                        SwaggerCheck.standardBase64InPath(
                                "/v2/router/track/LV_U6MJgTK6jKB4vo8bD9Un-Z6pX-Nv9SUTqvCKnrts="),
                        Map.of(),
                        Optional.empty()))
                .isEmpty();
    }

    @Test
    void anUnknownBodyFieldFails() {
        assertThat(LND.check(
                        "POST",
                        "/v2/router/send",
                        Map.of(),
                        Optional.of("{\"payment_request\":\"lnbc1\",\"fee_limit\":\"10\"}")))
                .get()
                .asString()
                .contains("fee_limit");
    }

    @Test
    void aFieldOfTheWrongTypeFails() {
        assertThat(LND.check(
                        "POST",
                        "/v2/router/send",
                        Map.of(),
                        Optional.of("{\"payment_request\":\"lnbc1\",\"timeout_seconds\":\"60\"}")))
                .isPresent();
    }

    @Test
    void anUnknownPathOrMethodFails() {
        assertThat(LND.check("GET", "/v1/nothing", Map.of(), Optional.empty())).isPresent();
        assertThat(LND.check("PUT", "/v1/invoices", Map.of(), Optional.of("{}")))
                .isPresent();
        assertThat(LND.check("GET", "/v1/invoices/subscribe", Map.of("since", List.of("3")), Optional.empty()))
                .isPresent();
    }
}
