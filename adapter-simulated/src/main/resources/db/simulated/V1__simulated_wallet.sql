-- The simulated wallet's own ledger, in a database of its own (not the server's): its balance, the
-- invoices it issued and the payments it made. Amounts in millisatoshis; hashes and preimages as
-- 64 lowercase hex characters; instants in UTC to the nanosecond.

-- one row: the network the invoices are for, and the spendable balance
CREATE TABLE wallet (
    id           INT         PRIMARY KEY CHECK (id = 1),
    network      VARCHAR(16) NOT NULL,
    balance_msat BIGINT      NOT NULL CHECK (balance_msat >= 0)
);

-- invoices this wallet issued; paid_at is null while unpaid (EXPIRED is read off the clock)
CREATE TABLE invoice (
    payment_hash CHAR(64)                    PRIMARY KEY,
    bolt11       CHARACTER VARYING           NOT NULL,
    amount_msat  BIGINT                      NOT NULL CHECK (amount_msat >= 0),
    expires_at   TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    preimage     CHAR(64)                    NOT NULL,
    paid_at      TIMESTAMP(9) WITH TIME ZONE
);

-- what became of each payment this wallet attempted: SETTLED (amount, fee; the preimage only for an
-- invoice of its own) or REFUSED (why); a refused payment may settle on a later attempt
CREATE TABLE payment (
    payment_hash CHAR(64)                    PRIMARY KEY,
    outcome      VARCHAR(8)                  NOT NULL,
    amount_msat  BIGINT,
    fee_msat     BIGINT,
    preimage     CHAR(64),
    reason       VARCHAR(32),
    message      CHARACTER VARYING,
    at           TIMESTAMP(9) WITH TIME ZONE NOT NULL,
    CHECK ((outcome = 'SETTLED' AND amount_msat IS NOT NULL AND fee_msat IS NOT NULL AND reason IS NULL)
        OR (outcome = 'REFUSED' AND reason IS NOT NULL AND message IS NOT NULL
            AND amount_msat IS NULL AND fee_msat IS NULL AND preimage IS NULL))
);
