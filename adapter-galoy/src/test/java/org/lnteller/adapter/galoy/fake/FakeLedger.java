package org.lnteller.adapter.galoy.fake;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.lnteller.codec.Network;
import org.lnteller.codec.bolt11.Bolt11;
import org.lnteller.codec.bolt11.ByteVector;
import org.lnteller.codec.bolt11.InvoiceDraft;
import org.lnteller.ports.model.MilliSatoshi;
import org.lnteller.ports.model.PaymentHash;
import org.lnteller.ports.model.Preimage;

/**
 * The fake Blink server's books: accounts with a BTC and a USD wallet, the invoices Blink issued
 * (with their preimages), invoices of nodes outside Blink that its wallets can pay, payments as
 * Blink's transactions, balances in whole sats, and the price of bitcoin per currency.
 *
 * <p>The answers mirror Blink's: the same status values, the same error codes (and the messages of
 * Blink's error map), ALREADY_PAID for a wallet paying a hash it paid before. Routing outside
 * Blink costs 1 sat plus 0.1 % (rounded up to the sat); amounts above {@link #maxRoutable()} find
 * no route; payments between Blink wallets are free and carry no preimage, as on Blink.
 *
 * <p>Threading: every method is synchronized; updates are published to the listener after the
 * change, outside no lock the caller could hold.
 */
public final class FakeLedger {
    /** What an invoice outside Blink, issued by {@link #foreignInvoice}, is. */
    public record Foreign(String bolt11, PaymentHash paymentHash, Optional<MilliSatoshi> amount) {}

    /** A new account's credentials. */
    public record Account(String id, String apiKey, String btcWalletId, String usdWalletId) {
        @Override
        public String toString() {
            return "Account[" + id + ", wallet " + btcWalletId + "]";
        }
    }

    private static final class Wallet {
        final String id;
        final String accountId;
        final String currency;
        long balanceSat;

        Wallet(String id, String accountId, String currency, long balanceSat) {
            this.id = id;
            this.accountId = accountId;
            this.currency = currency;
            this.balanceSat = balanceSat;
        }
    }

    private static final class Invoice {
        final PaymentHash hash;
        final String walletId; // null for an invoice outside Blink
        final String bolt11;
        final Preimage preimage;
        final Optional<Long> sats;
        final Instant createdAt;
        Instant expiresAt;
        boolean paid;

        Invoice(
                PaymentHash hash,
                String walletId,
                String bolt11,
                Preimage preimage,
                Optional<Long> sats,
                Instant createdAt,
                Instant expiresAt) {
            this.hash = hash;
            this.walletId = walletId;
            this.bolt11 = bolt11;
            this.preimage = preimage;
            this.sats = sats;
            this.createdAt = createdAt;
            this.expiresAt = expiresAt;
        }
    }

    /** One of Blink's transactions, as the schema's Transaction type shows it. */
    private static final class Tx {
        final String id = UUID.randomUUID().toString();
        final String walletId;
        final PaymentHash hash;
        final String bolt11;
        final String direction;
        String status;
        final long amountSat;
        final long feeSat;
        final Preimage preimage; // null: not reported
        final boolean intraLedger;
        final Instant createdAt;

        Tx(
                String walletId,
                PaymentHash hash,
                String bolt11,
                String direction,
                String status,
                long amountSat,
                long feeSat,
                Preimage preimage,
                boolean intraLedger,
                Instant createdAt) {
            this.walletId = walletId;
            this.hash = hash;
            this.bolt11 = bolt11;
            this.direction = direction;
            this.status = status;
            this.amountSat = amountSat;
            this.feeSat = feeSat;
            this.preimage = preimage;
            this.intraLedger = intraLedger;
            this.createdAt = createdAt;
        }
    }

    /** A refusal in Blink's words: a code of its error map and its message. */
    public record Refusal(String code, String message) {}

    /** Every key any ledger of this JVM handed out. */
    private static final java.util.Set<String> ISSUED_KEYS = ConcurrentHashMap.newKeySet();

    /** The secp256k1 keys the fake signs invoices with: Blink's node, and the nodes outside Blink. */
    private static final byte[] NODE_KEY = HexFormat.of().parseHex("b1".repeat(32));

    private static final byte[] FOREIGN_NODE_KEY = HexFormat.of().parseHex("f0".repeat(32));

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Account> accountsByKey = new HashMap<>();
    private final Map<String, Wallet> wallets = new HashMap<>();
    private final Map<PaymentHash, Invoice> invoices = new HashMap<>();
    private final Map<String, Invoice> invoicesByText = new HashMap<>();
    private final List<Tx> txs = new ArrayList<>();
    private final Map<String, BigDecimal> prices = new ConcurrentHashMap<>();
    private long maxRoutableSat = 1_500_000;
    private int holdNextPayments;
    /** Hears every received payment: the account id and the LnUpdate. */
    private volatile BiConsumer<String, Map<String, Object>> updates = (a, u) -> {};

    public FakeLedger(Clock clock) {
        this.clock = clock;
        prices.put("USD", new BigDecimal("60000"));
        prices.put("EUR", new BigDecimal("55000"));
    }

    void onUpdate(BiConsumer<String, Map<String, Object>> listener) {
        this.updates = listener;
    }

    // ---------------------------------------------------------------- set-up and the world outside

    /** A new account whose BTC wallet holds {@code balanceSat}. */
    public synchronized Account newAccount(long balanceSat) {
        String accountId = UUID.randomUUID().toString();
        Account a = new Account(
                accountId,
                "blink_" + HexFormat.of().formatHex(bytes(24)),
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString());
        accountsByKey.put(a.apiKey(), a);
        ISSUED_KEYS.add(a.apiKey());
        wallets.put(a.btcWalletId(), new Wallet(a.btcWalletId(), accountId, "BTC", balanceSat));
        wallets.put(a.usdWalletId(), new Wallet(a.usdWalletId(), accountId, "USD", 0));
        return a;
    }

    synchronized Optional<Account> accountByKey(String apiKey) {
        return Optional.ofNullable(apiKey == null ? null : accountsByKey.get(apiKey));
    }

    /** Every API key any fake ledger in this JVM handed out, so a test can prove none of them was ever logged. */
    public static List<String> issuedKeys() {
        return List.copyOf(ISSUED_KEYS);
    }

    /** A payer outside Blink pays an invoice Blink issued. */
    public boolean payFromOutside(PaymentHash hash) {
        Map<String, Object> update;
        String accountId;
        synchronized (this) {
            Invoice i = invoices.get(hash);
            if (i == null || i.walletId == null || i.paid || isExpired(i)) return false;
            Wallet w = wallets.get(i.walletId);
            settleIncoming(i, w, false);
            accountId = w.accountId;
            update = lnUpdate(i, lastTx(w.id, hash, "RECEIVE"));
        }
        updates.accept(accountId, update);
        return true;
    }

    /** Lets an unpaid invoice reach its expiry now. */
    public synchronized boolean expire(PaymentHash hash) {
        Invoice i = invoices.get(hash);
        if (i == null || i.paid) return false;
        i.expiresAt = clock.instant().minusSeconds(1);
        return true;
    }

    /**
     * A mainnet invoice signed with {@code nodeKey} by the codec's encoder, as Blink's own are; a
     * fresh payment secret each time.
     */
    private String sign(
            byte[] nodeKey,
            Optional<MilliSatoshi> amount,
            Instant timestamp,
            PaymentHash hash,
            String description,
            Duration expiry) {
        InvoiceDraft draft = InvoiceDraft.builder(Network.MAINNET, ByteVector.of(hash.bytes()), timestamp)
                .amountMsat(amount.map(a -> OptionalLong.of(a.msat())).orElse(OptionalLong.empty()))
                .paymentSecret(ByteVector.of(bytes(32)))
                .description(description)
                .expiry(expiry)
                .build();
        return Bolt11.encode(draft, nodeKey);
    }

    /** An invoice of a node outside Blink, payable over Lightning; empty amount for amount-less. */
    public synchronized Foreign foreignInvoice(Optional<Long> sats) {
        Preimage preimage = Preimage.of(bytes(32));
        Instant now = clock.instant();
        Optional<MilliSatoshi> msat = sats.map(s -> MilliSatoshi.of(s * 1000));
        String bolt11 = sign(FOREIGN_NODE_KEY, msat, now, preimage.paymentHash(), "elsewhere", Duration.ofHours(1));
        Invoice i =
                new Invoice(preimage.paymentHash(), null, bolt11, preimage, sats, now, now.plus(Duration.ofHours(1)));
        put(i);
        return new Foreign(bolt11, i.hash, msat);
    }

    /**
     * Makes an invoice written outside this fake (a real, signed BOLT11 a test made with the core's
     * encoder) payable over "Lightning": its payee holds {@code preimage}.
     */
    public synchronized Foreign registerForeign(
            String bolt11, Preimage preimage, Optional<Long> sats, Instant expiresAt) {
        Invoice i = new Invoice(preimage.paymentHash(), null, bolt11, preimage, sats, clock.instant(), expiresAt);
        put(i);
        return new Foreign(bolt11, i.hash, sats.map(s -> MilliSatoshi.of(s * 1000)));
    }

    /**
     * How many sends moved money (succeeded or still in flight) per payment hash, over every
     * wallet: the crash tests' count of payments, where anything above 1 is a double payment.
     */
    public synchronized Map<PaymentHash, Integer> sendsByHash() {
        Map<PaymentHash, Integer> out = new HashMap<>();
        for (Tx t : txs) {
            if ("SEND".equals(t.direction) && !"FAILURE".equals(t.status)) out.merge(t.hash, 1, Integer::sum);
        }
        return out;
    }

    public synchronized void setMaxRoutable(long sats) {
        this.maxRoutableSat = sats;
    }

    public synchronized long maxRoutable() {
        return maxRoutableSat;
    }

    /** The next {@code n} payments outside Blink stay PENDING (funds held) until {@link #settleHeld}. */
    public synchronized void holdNextPayments(int n) {
        this.holdNextPayments = n;
    }

    /** Settles a held payment. */
    public synchronized void settleHeld(PaymentHash hash) {
        for (Tx t : txs) {
            if (t.hash.equals(hash) && "SEND".equals(t.direction) && "PENDING".equals(t.status)) {
                t.status = "SUCCESS";
                invoices.get(hash).paid = true;
            }
        }
    }

    public void setPrice(String currency, BigDecimal perBtc) {
        prices.put(currency, perBtc);
    }

    public synchronized long balance(String walletId) {
        return wallets.get(walletId).balanceSat;
    }

    // ---------------------------------------------------------------- what the API does

    synchronized Map<String, Object> createInvoice(Account a, String walletId, long sats, Long minutes, String memo) {
        Wallet w = wallets.get(walletId);
        if (w == null || !w.accountId.equals(a.id()))
            return payload(List.of(err("NOT_FOUND", "Wallet not found")), "invoice", null);
        if (!"BTC".equals(w.currency))
            return payload(
                    List.of(err("INVALID_INPUT", "Use the USD invoice mutations for a USD wallet")), "invoice", null);
        if (sats <= 0)
            return payload(List.of(err("INVALID_INPUT", "A valid satoshi amount is required")), "invoice", null);
        Preimage preimage = Preimage.of(bytes(32));
        Instant now = clock.instant();
        Duration expiry = Duration.ofMinutes(minutes == null ? 60 * 24 : minutes);
        String bolt11 = sign(
                NODE_KEY,
                Optional.of(MilliSatoshi.of(sats * 1000)),
                now,
                preimage.paymentHash(),
                memo == null ? "" : memo,
                expiry);
        // BOLT #11 timestamps are whole seconds: the expiry is counted from the one written
        Instant expiresAt = Instant.ofEpochSecond(now.getEpochSecond()).plus(expiry);
        Invoice i = new Invoice(preimage.paymentHash(), walletId, bolt11, preimage, Optional.of(sats), now, expiresAt);
        put(i);
        Map<String, Object> invoice = new LinkedHashMap<>();
        invoice.put("__typename", "LnInvoice");
        invoice.put("paymentHash", i.hash.hex());
        invoice.put("paymentRequest", bolt11);
        invoice.put("paymentSecret", HexFormat.of().formatHex(bytes(32)));
        invoice.put("paymentStatus", "PENDING");
        invoice.put("satoshis", sats);
        invoice.put("createdAt", now.getEpochSecond());
        invoice.put("externalId", i.hash.hex());
        return payload(List.of(), "invoice", invoice);
    }

    /** The invoice status by hash or text, or a refusal (an unknown invoice). */
    synchronized Object invoiceStatus(Optional<PaymentHash> hash, Optional<String> text) {
        Invoice i = hash.map(invoices::get)
                .orElseGet(() -> text.map(t -> invoicesByText.get(normal(t))).orElse(null));
        if (i == null || i.walletId == null) {
            return new Refusal(
                    "LIGHTNING_PAYMENT_ERROR",
                    "User tried to pay invoice with hash "
                            + hash.map(PaymentHash::hex).orElse("?") + ", but it does not exist");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("paymentHash", i.hash.hex());
        m.put("paymentRequest", i.bolt11);
        m.put("status", i.paid ? "PAID" : isExpired(i) ? "EXPIRED" : "PENDING");
        m.put("paymentPreimage", i.paid ? i.preimage.hex() : null);
        return m;
    }

    /**
     * A payment, as Blink's payment mutations answer it. {@code sats} is the amount of
     * lnNoAmountInvoicePaymentSend, empty for lnInvoicePaymentSend.
     */
    Map<String, Object> pay(Account a, String walletId, String bolt11, Optional<Long> sats) {
        Map<String, Object> answer;
        Map<String, Object> update = null;
        String payeeAccount = null;
        synchronized (this) {
            Object checked = check(a, walletId, bolt11, sats, false);
            if (checked instanceof Refusal r) return sendPayload("FAILURE", List.of(err(r.code(), r.message())), null);
            Route route = (Route) checked;
            Invoice i = route.invoice;
            Wallet w = wallets.get(walletId);
            Optional<Tx> before = txs.stream()
                    .filter(t -> t.walletId.equals(walletId)
                            && t.hash.equals(i.hash)
                            && "SEND".equals(t.direction)
                            && !"FAILURE".equals(t.status))
                    .findFirst();
            if (before.isPresent()) return sendPayload("ALREADY_PAID", List.of(), null);
            if (i.paid)
                return sendPayload("FAILURE", List.of(err("LIGHTNING_PAYMENT_ERROR", "Invoice is already paid")), null);
            long total = route.amount + route.fee;
            if (total > w.balanceSat) {
                return sendPayload(
                        "FAILURE",
                        List.of(err(
                                "INSUFFICIENT_BALANCE",
                                "Payment amount '" + total + "' sats exceeds balance '" + w.balanceSat + "'")),
                        null);
            }
            Instant now = clock.instant();
            w.balanceSat -= total;
            Tx tx;
            if (i.walletId == null) {
                boolean hold = holdNextPayments > 0;
                if (hold) holdNextPayments--;
                tx = new Tx(
                        walletId,
                        i.hash,
                        i.bolt11,
                        "SEND",
                        hold ? "PENDING" : "SUCCESS",
                        -total,
                        route.fee,
                        hold ? null : i.preimage,
                        false,
                        now);
                txs.add(tx);
                if (!hold) i.paid = true;
                answer = sendPayload(hold ? "PENDING" : "SUCCESS", List.of(), txMap(tx));
            } else {
                Wallet payee = wallets.get(i.walletId);
                tx = new Tx(walletId, i.hash, i.bolt11, "SEND", "SUCCESS", -total, 0, null, true, now);
                txs.add(tx);
                settleIncoming(i, payee, true);
                payeeAccount = payee.accountId;
                update = lnUpdate(i, lastTx(payee.id, i.hash, "RECEIVE"));
                answer = sendPayload("SUCCESS", List.of(), txMap(tx));
            }
        }
        if (update != null) updates.accept(payeeAccount, update);
        return answer;
    }

    synchronized Map<String, Object> probe(Account a, String walletId, String bolt11, Optional<Long> sats) {
        Object checked = check(a, walletId, bolt11, sats, true);
        if (checked instanceof Refusal r) return payload(List.of(err(r.code(), r.message())), "amount", null);
        Route route = (Route) checked;
        if (route.amount + route.fee > wallets.get(walletId).balanceSat) {
            return payload(List.of(err("INSUFFICIENT_BALANCE", "Payment amount exceeds balance")), "amount", null);
        }
        return payload(List.of(), "amount", route.fee);
    }

    /** The checks Blink makes before paying or probing, and the route it would take. */
    private Object check(Account a, String walletId, String bolt11, Optional<Long> sats, boolean probe) {
        Wallet w = wallets.get(walletId);
        if (w == null || !w.accountId.equals(a.id())) return new Refusal("NOT_FOUND", "Wallet not found");
        if (!"BTC".equals(w.currency))
            return new Refusal("INVALID_INPUT", "Use the USD payment mutations for a USD wallet");
        Invoice i = invoicesByText.get(normal(bolt11));
        if (i == null) {
            return normal(bolt11).startsWith("ln")
                    ? new Refusal("ROUTE_FINDING_ERROR", "Unable to find a route for payment.")
                    : new Refusal("INVOICE_DECODE_ERROR", "Unable to decode invoice");
        }
        long amount;
        if (i.sats.isPresent()) {
            if (sats.isPresent()) return new Refusal("INVALID_INPUT", "Invoice must be a zero-amount invoice");
            amount = i.sats.get();
        } else {
            if (sats.isEmpty()) return new Refusal("INVALID_INPUT", "Invoice does not have a valid amount to pay");
            if (sats.get() <= 0) return new Refusal("INVALID_INPUT", "A valid satoshi amount is required");
            amount = sats.get();
        }
        if (walletId.equals(i.walletId)) return new Refusal("CANT_PAY_SELF", "User tried to pay themselves");
        if (!i.paid && isExpired(i)) {
            return new Refusal("LIGHTNING_PAYMENT_ERROR", "Invoice already expired, or has bad payment hash");
        }
        boolean outside = i.walletId == null;
        if (outside && amount > maxRoutableSat)
            return new Refusal("ROUTE_FINDING_ERROR", "Unable to find a route for payment.");
        long fee = outside ? 1 + (amount + 999) / 1000 : 0;
        return new Route(i, amount, fee);
    }

    private record Route(Invoice invoice, long amount, long fee) {}

    synchronized Optional<Map<String, Object>> wallet(Account a, String walletId) {
        Wallet w = wallets.get(walletId);
        if (w == null || !w.accountId.equals(a.id())) return Optional.empty();
        return Optional.of(walletMap(w));
    }

    synchronized List<Map<String, Object>> wallets(Account a) {
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(walletMap(wallets.get(a.btcWalletId())));
        out.add(walletMap(wallets.get(a.usdWalletId())));
        return out;
    }

    synchronized List<Map<String, Object>> transactionsByHash(String walletId, PaymentHash hash) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int k = txs.size() - 1; k >= 0; k--) {
            Tx t = txs.get(k);
            if (t.walletId.equals(walletId) && t.hash.equals(hash)) out.add(txMap(t));
        }
        return out;
    }

    /** Blink's realtimePrice, or a refusal for a currency it does not quote. */
    Object price(String currency) {
        String code = currency.toUpperCase(Locale.ROOT);
        BigDecimal perBtc = prices.get(code);
        if (perBtc == null) return new Refusal("INVALID_INPUT", "Invalid value for DisplayCurrency: " + currency);
        int digits = Currency.getInstance(code).getDefaultFractionDigits();
        // the price of one sat in minor units, as base / 10^offset
        int offset = 12;
        long base = perBtc.scaleByPowerOfTen(digits - 8 + offset)
                .setScale(0, RoundingMode.HALF_EVEN)
                .longValueExact();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", UUID.randomUUID().toString());
        m.put("timestamp", clock.instant().getEpochSecond());
        m.put("denominatorCurrency", code);
        m.put(
                "denominatorCurrencyDetails",
                Map.of("id", code, "fractionDigits", digits, "flag", "", "name", code, "symbol", code));
        m.put("btcSatPrice", Map.of("base", base, "offset", offset, "currencyUnit", "MINOR"));
        m.put("usdCentPrice", Map.of("base", 1L, "offset", 0, "currencyUnit", "MINOR"));
        return m;
    }

    // ---------------------------------------------------------------- internals

    private void put(Invoice i) {
        invoices.put(i.hash, i);
        invoicesByText.put(normal(i.bolt11), i);
    }

    private void settleIncoming(Invoice i, Wallet payee, boolean intraLedger) {
        i.paid = true;
        long sats = i.sats.orElse(0L);
        payee.balanceSat += sats;
        txs.add(new Tx(
                payee.id,
                i.hash,
                i.bolt11,
                "RECEIVE",
                "SUCCESS",
                sats,
                0,
                intraLedger ? null : i.preimage,
                intraLedger,
                clock.instant()));
    }

    private Tx lastTx(String walletId, PaymentHash hash, String direction) {
        for (int k = txs.size() - 1; k >= 0; k--) {
            Tx t = txs.get(k);
            if (t.walletId.equals(walletId) && t.hash.equals(hash) && t.direction.equals(direction)) return t;
        }
        throw new IllegalStateException("no " + direction + " transaction for " + hash);
    }

    private Map<String, Object> lnUpdate(Invoice i, Tx tx) {
        Map<String, Object> u = new LinkedHashMap<>();
        u.put("__typename", "LnUpdate");
        u.put("paymentHash", i.hash.hex());
        u.put("status", "PAID");
        u.put("walletId", i.walletId);
        u.put("transaction", txMap(tx));
        return u;
    }

    private boolean isExpired(Invoice i) {
        return !clock.instant().isBefore(i.expiresAt);
    }

    private Map<String, Object> walletMap(Wallet w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("__typename", "BTC".equals(w.currency) ? "BTCWallet" : "UsdWallet");
        m.put("id", w.id);
        m.put("accountId", w.accountId);
        m.put("walletCurrency", w.currency);
        m.put("balance", w.balanceSat);
        m.put("pendingIncomingBalance", 0L);
        return m;
    }

    private static Map<String, Object> txMap(Tx t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id);
        m.put("status", t.status);
        m.put("direction", t.direction);
        m.put("settlementAmount", t.amountSat);
        m.put("settlementFee", t.feeSat);
        m.put("settlementCurrency", "BTC");
        m.put("createdAt", t.createdAt.getEpochSecond());
        m.put("memo", null);
        Map<String, Object> via = new LinkedHashMap<>();
        via.put("__typename", t.intraLedger ? "SettlementViaIntraLedger" : "SettlementViaLn");
        via.put("preImage", t.preimage == null ? null : t.preimage.hex());
        m.put("settlementVia", via);
        m.put(
                "initiationVia",
                Map.of("__typename", "InitiationViaLn", "paymentHash", t.hash.hex(), "paymentRequest", t.bolt11));
        return m;
    }

    private static Map<String, Object> sendPayload(
            String status, List<Map<String, Object>> errors, Map<String, Object> tx) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errors", errors);
        m.put("status", status);
        m.put("transaction", tx);
        return m;
    }

    private static Map<String, Object> payload(List<Map<String, Object>> errors, String field, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("errors", errors);
        m.put(field, value);
        return m;
    }

    static Map<String, Object> err(String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("__typename", "GraphQLApplicationError");
        m.put("code", code);
        m.put("message", message);
        m.put("path", null);
        return m;
    }

    private static String normal(String bolt11) {
        return bolt11.trim().toLowerCase(Locale.ROOT);
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
