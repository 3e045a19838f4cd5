package org.lnteller.app.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Every environment variable {@code serve} reads, with its default: what {@code lnteller help serve}
 * prints. A test checks that each name {@link Config#from} looks up is listed here, so a new
 * setting cannot go undocumented.
 */
public final class Variables {
    /** One variable: its name, its default in words, and what it is for. */
    public record Variable(String name, String fallback, String meaning) {}

    private Variables() {}

    public static final List<Variable> ALL = List.of(
            new Variable(
                    "LNTELLER_DATA_DIR", "data", "admin token, simulated wallet, H2 database (mode 700, files 600)"),
            new Variable(
                    "LNTELLER_DB_URL",
                    "H2 file in the data folder",
                    "e.g. jdbc:postgresql://db:5432/lnteller?user=lnteller&password=..."),
            new Variable("HTTP_PORT", "8080", "0 picks a free port"),
            new Variable(
                    "HTTP_BIND", "0.0.0.0", "the address the HTTP API listens on; 127.0.0.1 behind a reverse proxy"),
            new Variable(
                    "METRICS_PORT",
                    "none: /metrics is on HTTP_PORT behind the admin token",
                    "a listener of its own for /metrics and /healthz, without a token"),
            new Variable("METRICS_BIND", "127.0.0.1", "the address of the METRICS_PORT listener"),
            new Variable(
                    "HTTP_TX_CONCURRENCY_PER_APP", "4", "POST /tx in flight per app; more get 429 with Retry-After"),
            new Variable(
                    "HTTP_TX_CONCURRENCY", "100", "POST /tx in flight in all; more wait HTTP_TX_WAIT_MS for a slot"),
            new Variable(
                    "HTTP_TX_WAIT_MS",
                    "5000",
                    "how long a POST /tx over HTTP_TX_CONCURRENCY waits for a slot; then 503 with Retry-After"),
            new Variable("HTTP_BODY_DEADLINE_MS", "5000", "a request body must arrive within this"),
            new Variable(
                    "CONSOLE_LOW_BALANCE_SATS",
                    "0 (no alarm)",
                    "the console at /console warns while the wallet holds fewer sats"),
            new Variable("CONSOLE_OFFLINE_MINUTES", "10", "the console shows a machine not seen for this long in red"),
            new Variable(
                    "CONSOLE_CASSETTE_CAPACITY",
                    "2000",
                    "notes a full cassette holds; the console marks one under a fifth for refill"),
            new Variable("MACHINE_PORT", "3000", "HTTPS port for Lamassu machines (client certificates); off for none"),
            new Variable("MACHINE_BIND", "0.0.0.0", "the address the machine port listens on"),
            new Variable(
                    "MACHINE_HOSTS",
                    "this host's name and non-loopback addresses",
                    "names in the server certificate; the first goes in the pairing QR code"),
            new Variable(
                    "MACHINE_TLS_CA",
                    "none: the server makes its own CA in the data folder",
                    "the operator's CA (PEM); with MACHINE_TLS_CERT and MACHINE_TLS_KEY"),
            new Variable("MACHINE_TLS_CERT", "none", "the operator's server certificate chain (PEM)"),
            new Variable("MACHINE_TLS_KEY", "none", "the operator's server key (PEM)"),
            new Variable("MACHINE_PAIRING_MINUTES", "60", "how long a pairing QR code works (once)"),
            new Variable("MACHINE_PAIRING_RATE_PER_HOUR", "20", "/ca and /pair calls per client address an hour"),
            new Variable("MACHINE_PAIRING_BURST", "5", "/ca and /pair calls per client address at once"),
            new Variable("MACHINE_LOG_LINES", "10000", "uploaded machine log lines kept per machine"),
            new Variable("MACHINE_COUNTRY", "US", "the machines' country (ISO 3166 alpha-2)"),
            new Variable("MACHINE_LANGUAGES", "en-US", "the machines' languages, comma-separated"),
            new Variable("MACHINE_TIMEZONE", "the server's zone", "a zone name or offset, for the machines"),
            new Variable("OPERATOR_NAME", "none", "operator contact on the machines' screens and receipts"),
            new Variable("OPERATOR_PHONE", "none", "operator contact"),
            new Variable("OPERATOR_EMAIL", "none", "operator contact"),
            new Variable("OPERATOR_WEBSITE", "none", "operator contact"),
            new Variable("OPERATOR_COMPANY_NUMBER", "none", "operator contact"),
            new Variable(
                    "MACHINE_TERMS_FILE", "none: no terms screen", "terms and conditions text (UTF-8, at most 64 KiB)"),
            new Variable("MACHINE_TERMS_TITLE", "Terms and Conditions", "the terms screen's title"),
            new Variable("MACHINE_TERMS_ACCEPT", "Accept", "the terms screen's accept button"),
            new Variable("MACHINE_TERMS_CANCEL", "Cancel", "the terms screen's cancel button"),
            new Variable("LNTELLER_PUBLIC_URL", "http://localhost:$HTTP_PORT", "written into each app's .env"),
            new Variable(
                    "ADMIN_TOKEN",
                    "generated into data/admin-token, printed once",
                    "bearer token of the admin API (16+ characters)"),
            new Variable("LIGHTNING_BACKEND", "simulated", "or galoy (Blink), lnd, phoenixd"),
            new Variable("GALOY_ENDPOINT", "https://api.blink.sv/graphql", "Blink's GraphQL endpoint (galoy)"),
            new Variable("GALOY_WS_ENDPOINT", "wss://ws.blink.sv/graphql", "Blink's subscriptions endpoint (galoy)"),
            new Variable("GALOY_API_KEY", "none, required for galoy", "a Blink API key"),
            new Variable("GALOY_WALLET_ID", "none, required for galoy", "the account's BTC wallet id"),
            new Variable("LND_REST_URL", "https://127.0.0.1:8080", "the LND node's REST gateway (lnd)"),
            new Variable(
                    "LND_MACAROON", "none; this or LND_MACAROON_HEX is required for lnd", "path to the macaroon file"),
            new Variable("LND_MACAROON_HEX", "none", "the macaroon, hex"),
            new Variable(
                    "LND_TLS_CERT",
                    "none; this or LND_TLS_CERT_SHA256 is required for lnd",
                    "path to the node's tls.cert, the only certificate accepted"),
            new Variable("LND_TLS_CERT_SHA256", "none", "SHA-256 of the node's tls.cert, hex"),
            new Variable("PHOENIXD_URL", "http://127.0.0.1:9740", "phoenixd's HTTP API (phoenixd)"),
            new Variable(
                    "PHOENIXD_PASSWORD",
                    "none: read from PHOENIXD_PASSWORD_FILE",
                    "phoenixd's full-access http-password"),
            new Variable(
                    "PHOENIXD_PASSWORD_FILE",
                    "~/.phoenix/phoenix.conf",
                    "phoenixd's config file, its http-password line"),
            new Variable(
                    "PHOENIXD_MAX_LIQUIDITY_FEE_SATS",
                    "0",
                    "cash-outs that need a new channel costing more are refused (503)"),
            new Variable(
                    "PHOENIXD_AUTO_LIQUIDITY_SATS",
                    "2000000",
                    "phoenixd's auto-liquidity setting, which its fee is paid on"),
            new Variable(
                    "PHOENIXD_PAY_WAIT_SECONDS", "60", "one payinvoice call is waited for this long, then reconciled"),
            new Variable(
                    "LNURL_ALLOW_PRIVATE_HOSTS",
                    "false",
                    "let customers' LNURLs reach private and loopback hosts (tests, private deployments only)"),
            new Variable("LNTELLER_NETWORK", "regtest (simulated), mainnet (others)", "invoices' network"),
            new Variable("LNTELLER_FIAT_CURRENCIES", "USD", "comma-separated ISO 4217 codes; the first is the default"),
            new Variable("CASH_IN_COMMISSION_PERCENT", "5", "the operator's margin on cash-in"),
            new Variable("CASH_OUT_COMMISSION_PERCENT", "5", "the operator's margin on cash-out"),
            new Variable("MINIMUM_TX", "0", "whole units of the default currency"),
            new Variable("MAX_PER_TX_SATS", "2000000", "per-transaction limit"),
            new Variable("CASH_OUT_PRICE_CHECK", "warn", "warn or enforce"),
            new Variable("INVOICE_EXPIRY_MINUTES", "30", "cash-out invoices"),
            new Variable("MONITOR_INTERVAL_MS", "1000", "invoice monitor pass interval"),
            new Variable("MONITOR_BATCH", "200", "invoices per monitor pass"),
            new Variable("ATM_APP_VALIDITY_DAYS", "365", "apps expire after this (0 = never)"),
            new Variable(
                    "EXCHANGE_RATES",
                    "fixed (simulated), blink (galoy), kraken,bitstamp,coinbase (lnd, phoenixd)",
                    "price sources: kraken, bitstamp, coinbase, blink (galoy only), or fixed alone"),
            new Variable(
                    "FIXED_RATE_<CODE>",
                    "FIXED_RATE_USD=60000 (simulated), else required for fixed",
                    "the fixed price per BTC"),
            new Variable(
                    "SIMULATED_RATE_<CODE>",
                    "none",
                    "older name of FIXED_RATE_<CODE>, read by the simulated backend only"),
            new Variable("EXCHANGE_RATES_REFRESH_SECONDS", "30", "how often the market sources are asked"),
            new Variable(
                    "EXCHANGE_RATES_MAX_AGE_SECONDS",
                    "180",
                    "older prices are dropped; none fresh: 503 rateUnavailable"),
            new Variable("EXCHANGE_RATES_MAX_DEVIATION_PERCENT", "2", "a price this far from the median is dropped"),
            new Variable("EXCHANGE_RATES_TIMEOUT_MS", "5000", "per ticker request"),
            new Variable("EXCHANGE_RATES_KRAKEN_URL", "https://api.kraken.com", "Kraken's public API root"),
            new Variable("EXCHANGE_RATES_BITSTAMP_URL", "https://www.bitstamp.net", "Bitstamp's public API root"),
            new Variable(
                    "EXCHANGE_RATES_COINBASE_URL",
                    "https://api.exchange.coinbase.com",
                    "Coinbase Exchange's public API root"),
            new Variable("SIMULATED_BALANCE_SATS", "10000000", "a new simulated wallet's balance"),
            new Variable("SIMULATED_MAX_ROUTABLE_SATS", "1500000", "larger simulated payments find no route"),
            new Variable("CASH_IN_EXPIRY_MARGIN_SECONDS", "60", "a customer's invoice expiring sooner is refused"),
            new Variable("CASH_IN_SEND_WAIT_MS", "4000", "how long the answer to send: true waits for the outcome"),
            new Variable("CASH_IN_PRICE_TOLERANCE_PERCENT", "1", "how far above the server's price cryptoAtoms may be"),
            new Variable("CASH_IN_MAX_FEE_PERCENT", "1", "the routing fee a cash-in may cost at most"),
            new Variable("CASH_IN_MIN_MAX_FEE_SATS", "10", "the routing fee a cash-in may always cost"),
            new Variable(
                    "CASH_IN_NOT_FOUND_GRACE_SECONDS",
                    "120",
                    "a payment the backend never saw is never-sent only after this"),
            new Variable("RECONCILE_INTERVAL_MS", "5000", "how often payments in doubt are settled with the backend"),
            new Variable("JOB_LEASE_MIN_MS", "10000", "shortest lease on a background job"),
            new Variable("ATM_PURCHASE_ENABLED", "false", "paid provisioning"),
            new Variable("ATM_PURCHASE_PRICE_SATS", "10000", "price of a bought app"),
            new Variable("ATM_PURCHASE_RATE_PER_HOUR", "10", "purchase invoices per client address per hour"),
            new Variable("ATM_PURCHASE_BURST", "3", "purchase invoices per client address at once"),
            new Variable("ATM_PURCHASE_MAX_PENDING", "100", "unpaid purchases outstanding in total"),
            new Variable(
                    "ATM_PURCHASE_SECRET",
                    "generated into data/purchase-secret",
                    "key bought apps' tokens derive from"));

    /** The lines of {@code help serve}: one variable a line, name, default and meaning in columns. */
    public static List<String> helpLines() {
        int name = ALL.stream().mapToInt(v -> v.name().length()).max().orElse(0);
        int fallback = ALL.stream().mapToInt(v -> v.fallback().length()).max().orElse(0);
        List<String> lines = new ArrayList<>();
        lines.add(String.format("  %-" + name + "s  %-" + fallback + "s  %s", "VARIABLE", "DEFAULT", "MEANING"));
        for (Variable v : ALL) {
            lines.add(String.format("  %-" + name + "s  %-" + fallback + "s  %s", v.name(), v.fallback(), v.meaning()));
        }
        return lines;
    }
}
