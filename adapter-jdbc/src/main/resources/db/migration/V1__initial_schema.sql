-- The lnteller schema. One script for PostgreSQL and for H2 in PostgreSQL mode
-- (MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH), so it keeps to what both
-- understand: no partial indexes, no triggers, no PostgreSQL-only types.
--
-- Units: every amount is an integer. *_sat columns are satoshis, *_minor columns are minor units
-- (cents) of the ISO 4217 currency in the *_code / currency column beside them. Decimals a machine
-- quoted (ticker price, commission percent) are the exact text of a Java BigDecimal: H2 turns an
-- unconstrained NUMERIC into DECFLOAT, which drops trailing zeros, and the machine must read back
-- the scale it sent. Times are TIMESTAMP WITH TIME ZONE at microsecond precision.

-- One row per machine transaction, both directions. Columns that belong to one direction only are
-- NULL (or FALSE for flags) on the other.
CREATE TABLE transactions (
    id                    VARCHAR(64)              NOT NULL,
    app_id                VARCHAR(64)              NOT NULL,  -- the ATM; no foreign key, so history outlives an app
    direction             VARCHAR(8)               NOT NULL,
    crypto_code           VARCHAR(8)               NOT NULL,
    tx_version            BIGINT                   NOT NULL,
    status                VARCHAR(32)              NOT NULL,  -- Lamassu's wire name, e.g. notSeen, confirmed
    fiat_minor            BIGINT                   NOT NULL,
    fiat_code             VARCHAR(3)               NOT NULL,
    crypto_atoms_sat      BIGINT                   NOT NULL,
    raw_ticker_price      VARCHAR(100),                       -- fiat per BTC, whole units, as quoted
    commission_percentage VARCHAR(100),
    cash_in_fee_minor     BIGINT,
    cash_in_fee_code      VARCHAR(3),
    minimum_tx_minor      BIGINT,
    minimum_tx_code       VARCHAR(3),
    to_address            VARCHAR                  NOT NULL,  -- cash-in: what the customer scanned; cash-out: the BOLT11 invoice
    payment_hash          VARCHAR(64),                        -- hex; cash-out: the invoice's, cash-in: the payment's
    invoice_expires_at    TIMESTAMP WITH TIME ZONE,           -- cash-out only
    send_requested        BOOLEAN                  NOT NULL,
    send_pending          BOOLEAN                  NOT NULL,
    send_confirmed        BOOLEAN                  NOT NULL,
    fee_sat               BIGINT,                             -- routing fee paid by a cash-in
    preimage              VARCHAR(64),                        -- hex proof of a cash-in payment
    dispense_requested    BOOLEAN                  NOT NULL,
    dispense_confirmed    BOOLEAN                  NOT NULL,
    price_flagged         BOOLEAN                  NOT NULL,
    error_code            VARCHAR(100),
    error_message         VARCHAR,
    last_post             VARCHAR(128)             NOT NULL,  -- fingerprint of the last applied machine post
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT transactions_pk PRIMARY KEY (id),
    CONSTRAINT transactions_payment_hash_unique UNIQUE (payment_hash),
    CONSTRAINT transactions_direction_known CHECK (direction IN ('cashIn', 'cashOut')),
    CONSTRAINT transactions_amounts_not_negative CHECK (fiat_minor >= 0 AND crypto_atoms_sat >= 0),
    CONSTRAINT transactions_error_whole CHECK ((error_code IS NULL) = (error_message IS NULL))
);

-- The monitor's list: unpaid cash-outs, oldest first.
CREATE INDEX transactions_by_status ON transactions (direction, status, created_at, id);
-- The reconciler's list: cash-ins whose payment started and is not confirmed, oldest first.
CREATE INDEX transactions_by_send_state ON transactions (direction, send_pending, send_confirmed, created_at, id);
-- Admin paging, newest first (read backwards), overall and per ATM.
CREATE INDEX transactions_by_created ON transactions (created_at, id);
CREATE INDEX transactions_by_app ON transactions (app_id, created_at, id);

-- The bills of a cash-in, one row per stacked note, in the order the machine reported them.
CREATE TABLE tx_bills (
    tx_id              VARCHAR(64) NOT NULL,
    line_no            INTEGER     NOT NULL,  -- 0-based position in the stacking order
    denomination_minor BIGINT      NOT NULL,
    currency           VARCHAR(3)  NOT NULL,
    CONSTRAINT tx_bills_pk PRIMARY KEY (tx_id, line_no),
    CONSTRAINT tx_bills_tx_fk FOREIGN KEY (tx_id) REFERENCES transactions (id),
    CONSTRAINT tx_bills_have_value CHECK (denomination_minor > 0)
);

-- The notes of a cash-out per cassette: provisioned at dispense, counts once the machine confirms.
CREATE TABLE tx_dispense_lines (
    tx_id              VARCHAR(64) NOT NULL,
    line_no            INTEGER     NOT NULL,
    cassette           INTEGER     NOT NULL,  -- position, from 1
    denomination_minor BIGINT      NOT NULL,
    currency           VARCHAR(3)  NOT NULL,
    provisioned        INTEGER     NOT NULL,
    dispensed          INTEGER,               -- NULL until the machine confirms
    rejected           INTEGER,
    CONSTRAINT tx_dispense_lines_pk PRIMARY KEY (tx_id, line_no),
    CONSTRAINT tx_dispense_lines_tx_fk FOREIGN KEY (tx_id) REFERENCES transactions (id)
);

-- The append-only action log: what happened to a transaction, when, and who caused it. The stores
-- only ever INSERT here; seq gives the order of appending.
CREATE TABLE tx_actions (
    seq         BIGINT GENERATED BY DEFAULT AS IDENTITY,
    tx_id       VARCHAR(64)              NOT NULL,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    actor       VARCHAR(16)              NOT NULL,  -- MACHINE, MONITOR, RECONCILER, OPERATOR, SYSTEM
    kind        VARCHAR(100)             NOT NULL,
    detail      VARCHAR                  NOT NULL,
    CONSTRAINT tx_actions_pk PRIMARY KEY (seq),
    CONSTRAINT tx_actions_tx_fk FOREIGN KEY (tx_id) REFERENCES transactions (id)
);
CREATE INDEX tx_actions_by_tx ON tx_actions (tx_id, seq);

-- The provisioned ATMs. Only the SHA-256 of a bearer token is kept, never the token.
CREATE TABLE apps (
    id         VARCHAR(64)              NOT NULL,
    name       VARCHAR(100)             NOT NULL,
    token_hash VARCHAR(64)              NOT NULL,  -- hex SHA-256 of the bearer token
    pubkey     VARCHAR(64),                        -- x-only secp256k1 key, hex
    status     VARCHAR(16)              NOT NULL,  -- ACTIVE, DISABLED
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE,           -- NULL: never
    CONSTRAINT apps_pk PRIMARY KEY (id),
    CONSTRAINT apps_token_hash_unique UNIQUE (token_hash)
);
CREATE INDEX apps_by_created ON apps (created_at, id);

-- The cash-out cassettes of an ATM.
CREATE TABLE app_cassettes (
    app_id             VARCHAR(64) NOT NULL,
    cassette           INTEGER     NOT NULL,  -- position, from 1
    denomination_minor BIGINT      NOT NULL,
    currency           VARCHAR(3)  NOT NULL,
    note_count         INTEGER     NOT NULL,
    CONSTRAINT app_cassettes_pk PRIMARY KEY (app_id, cassette),
    CONSTRAINT app_cassettes_app_fk FOREIGN KEY (app_id) REFERENCES apps (id),
    CONSTRAINT app_cassettes_counts CHECK (cassette >= 1 AND note_count >= 0 AND denomination_minor > 0)
);

-- Paid provisioning: an app (or a renewal) bought by paying a Lightning invoice.
CREATE TABLE purchases (
    payment_hash     VARCHAR(64)              NOT NULL,  -- hex, of the invoice
    kind             VARCHAR(16)              NOT NULL,  -- NEW_APP, RENEWAL
    name             VARCHAR                  NOT NULL,
    pubkey           VARCHAR(64),
    app_id           VARCHAR(64),                        -- renewal: the app renewed; new app: set when paid
    invoice          VARCHAR                  NOT NULL,  -- BOLT11
    amount_sat       BIGINT                   NOT NULL,
    claim_token_hash VARCHAR(64)              NOT NULL,  -- hex SHA-256 of the claim token
    status           VARCHAR(16)              NOT NULL,  -- PENDING, PAID, CLAIMED, EXPIRED
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    paid_at          TIMESTAMP WITH TIME ZONE,
    CONSTRAINT purchases_pk PRIMARY KEY (payment_hash),
    CONSTRAINT purchases_amount_not_negative CHECK (amount_sat >= 0)
);
-- The monitor's pending list, oldest first, and the admin listing by status, newest first.
CREATE INDEX purchases_by_status ON purchases (status, created_at, payment_hash);
CREATE INDEX purchases_by_created ON purchases (created_at, payment_hash);
