package org.lnteller.adapter.galoy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lnteller.ports.lightning.LightningBackendException.Kind;
import org.lnteller.ports.lightning.PaymentFailure;

/** Blink's error codes and messages (those of its error map), read as the port's failures. */
class BlinkErrorTest {

    @ParameterizedTest(name = "{0} \"{1}\" is {2}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            INSUFFICIENT_BALANCE    | balance is too low                                   | INSUFFICIENT_BALANCE
            ROUTE_FINDING_ERROR     | Unable to find a route for payment.                  | NO_ROUTE
            LIGHTNING_PAYMENT_ERROR | Invoice already expired, or has bad payment hash     | INVOICE_EXPIRED
            INVOICE_DECODE_ERROR    | Unable to decode invoice                             | INVALID_INVOICE
            INVALID_INPUT           | Invoice does not have a valid amount to pay          | AMOUNT_INVALID
            INVALID_INPUT           | An amount is required to complete payment            | AMOUNT_INVALID
            LIGHTNING_PAYMENT_ERROR | Temporary failure when trying to pay, please retry payment | NO_ROUTE
            CANT_PAY_SELF           | User tried to pay themselves                         | REFUSED
            null                    | Something else                                       | REFUSED
            """)
    void aPaymentRefusalIsNamedForItsCause(String code, String message, PaymentFailure failure) {
        assertThat(new BlinkError(Optional.ofNullable(code), message).paymentFailure())
                .isEqualTo(failure);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "TOO_MANY_REQUEST, RATE_LIMITED",
        "NOT_AUTHORIZED, NOT_AUTHORIZED",
        "NOT_AUTHENTICATED, NOT_AUTHORIZED",
        "LND_OFFLINE, UNAVAILABLE",
        "DEALER_OFFLINE, UNAVAILABLE",
        "GRAPHQL_VALIDATION_FAILED, PROTOCOL"
    })
    void anInfrastructureCodeIsAKindOfBackendFailure(String code, Kind kind) {
        assertThat(new BlinkError(Optional.of(code), "x").infrastructureKind()).contains(kind);
    }

    @Test
    void aRefusalOfThePaymentIsNoInfrastructureFailure() {
        assertThat(new BlinkError(Optional.of("INSUFFICIENT_BALANCE"), "balance is too low").infrastructureKind())
                .isEmpty();
        assertThat(new BlinkError(Optional.empty(), "no code at all").infrastructureKind())
                .isEmpty();
    }

    @Test
    void theCodeIsReadFromEitherChannelAndMayBeNull() throws Exception {
        List<BlinkError> errors = BlinkError.listFrom(new ObjectMapper().readTree("""
                [{"message":"Too many requests","extensions":{"code":"TOO_MANY_REQUEST"}},
                 {"code":"ROUTE_FINDING_ERROR","message":"Unable to find a route for payment.","path":null},
                 {"code":null,"message":"plain"}]
                """));

        assertThat(errors)
                .containsExactly(
                        new BlinkError(Optional.of("TOO_MANY_REQUEST"), "Too many requests"),
                        new BlinkError(Optional.of("ROUTE_FINDING_ERROR"), "Unable to find a route for payment."),
                        new BlinkError(Optional.empty(), "plain"));
    }

    @Test
    void alreadyPaidInFlightAndNotFoundAreRecognisedByTheirWords() {
        assertThat(new BlinkError(Optional.of("LIGHTNING_PAYMENT_ERROR"), "Invoice is already paid").saysAlreadyPaid())
                .isTrue();
        assertThat(new BlinkError(Optional.of("INVALID_INPUT"), "There is a pending payment for this invoice")
                        .saysInFlight())
                .isTrue();
        assertThat(new BlinkError(
                                Optional.of("LIGHTNING_PAYMENT_ERROR"),
                                "User tried to pay invoice with hash ab, but it does not exist")
                        .saysNotFound())
                .isTrue();
        assertThat(new BlinkError(Optional.of("INSUFFICIENT_BALANCE"), "balance is too low").saysNotFound())
                .isFalse();
    }
}
