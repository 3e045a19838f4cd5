package org.lnteller.adapter.galoy;

import org.lnteller.adapter.galoy.GraphQlClient.Operation;

/**
 * Every GraphQL document this adapter sends, each checked field by field against Blink's public
 * schema ({@code shared/galoy/public-schema.graphql}); the fake server of the tests validates
 * them again on every call. Amounts in Blink's BTC wallets are whole satoshis ({@code SatAmount},
 * {@code SignedAmount}); {@code expiresIn} is in minutes.
 */
final class Operations {
    private Operations() {}

    private static final String ERRORS = "errors { code message path }";

    /** What a payment's transaction says: status, fee (sats) and the preimage when Blink reports it. */
    private static final String PAYMENT_TX = """
            fragment PaymentTx on Transaction {
              id
              status
              direction
              settlementFee
              settlementVia {
                __typename
                ... on SettlementViaLn { preImage }
                ... on SettlementViaIntraLedger { preImage }
              }
              initiationVia {
                __typename
                ... on InitiationViaLn { paymentHash }
              }
            }
            """;

    static final Operation CREATE_INVOICE = new Operation("LnInvoiceCreate", "lnInvoiceCreate", """
            mutation LnInvoiceCreate($input: LnInvoiceCreateInput!) {
              lnInvoiceCreate(input: $input) {
                %s
                invoice { paymentHash paymentRequest satoshis }
              }
            }
            """.formatted(ERRORS));

    static final Operation INVOICE_STATUS =
            new Operation("LnInvoicePaymentStatusByHash", "lnInvoicePaymentStatusByHash", """
            query LnInvoicePaymentStatusByHash($input: LnInvoicePaymentStatusByHashInput!) {
              lnInvoicePaymentStatusByHash(input: $input) { paymentHash status }
            }
            """);

    static final Operation PAY_INVOICE =
            new Operation("LnInvoicePaymentSend", "lnInvoicePaymentSend", """
            mutation LnInvoicePaymentSend($input: LnInvoicePaymentInput!) {
              lnInvoicePaymentSend(input: $input) {
                %s
                status
                transaction { ...PaymentTx }
              }
            }
            """.formatted(ERRORS) + PAYMENT_TX);

    static final Operation PAY_NO_AMOUNT_INVOICE = new Operation(
            "LnNoAmountInvoicePaymentSend", "lnNoAmountInvoicePaymentSend", """
            mutation LnNoAmountInvoicePaymentSend($input: LnNoAmountInvoicePaymentInput!) {
              lnNoAmountInvoicePaymentSend(input: $input) {
                %s
                status
                transaction { ...PaymentTx }
              }
            }
            """.formatted(ERRORS) + PAYMENT_TX);

    /** The wallet's transactions for a hash: one for a received payment, one or more (retries) for a sent one. */
    static final Operation TRANSACTIONS_BY_HASH = new Operation("TransactionsByPaymentHash", "me", """
            query TransactionsByPaymentHash($walletId: WalletId!, $paymentHash: PaymentHash!) {
              me {
                defaultAccount {
                  walletById(walletId: $walletId) {
                    id
                    walletCurrency
                    transactionsByPaymentHash(paymentHash: $paymentHash) { ...PaymentTx }
                  }
                }
              }
            }
            """ + PAYMENT_TX);

    static final Operation FEE_PROBE = new Operation("LnInvoiceFeeProbe", "lnInvoiceFeeProbe", """
            mutation LnInvoiceFeeProbe($input: LnInvoiceFeeProbeInput!) {
              lnInvoiceFeeProbe(input: $input) { %s amount }
            }
            """.formatted(ERRORS));

    static final Operation NO_AMOUNT_FEE_PROBE =
            new Operation("LnNoAmountInvoiceFeeProbe", "lnNoAmountInvoiceFeeProbe", """
            mutation LnNoAmountInvoiceFeeProbe($input: LnNoAmountInvoiceFeeProbeInput!) {
              lnNoAmountInvoiceFeeProbe(input: $input) { %s amount }
            }
            """.formatted(ERRORS));

    static final Operation BALANCE = new Operation("Wallets", "me", """
            query Wallets {
              me { defaultAccount { wallets { id walletCurrency balance pendingIncomingBalance } } }
            }
            """);

    /** The price of one satoshi in the currency's minor unit: {@code base / 10^offset}. */
    static final Operation REALTIME_PRICE = new Operation("RealtimePrice", "realtimePrice", """
            query RealtimePrice($currency: DisplayCurrency!) {
              realtimePrice(currency: $currency) {
                timestamp
                denominatorCurrencyDetails { id fractionDigits }
                btcSatPrice { base offset }
              }
            }
            """);

    /** The account's stream of updates; only received Lightning payments (LnUpdate) matter here. */
    static final Operation MY_UPDATES = new Operation("MyUpdates", "myUpdates", """
            subscription MyUpdates {
              myUpdates {
                %s
                update {
                  __typename
                  ... on LnUpdate {
                    walletId
                    status
                    transaction {
                      direction
                      initiationVia {
                        __typename
                        ... on InitiationViaLn { paymentHash }
                      }
                    }
                  }
                }
              }
            }
            """.formatted(ERRORS));
}
