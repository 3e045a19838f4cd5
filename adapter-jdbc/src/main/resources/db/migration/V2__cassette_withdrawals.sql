-- Notes taken from an app's cassettes for one cash-out. The key makes the withdrawal happen at
-- most once per transaction: a re-sent dispense finds these rows and gets the same notes.
CREATE TABLE cassette_withdrawals (
    app_id             VARCHAR(64) NOT NULL,
    tx_id              VARCHAR(64) NOT NULL,
    cassette           INTEGER     NOT NULL,
    denomination_minor BIGINT      NOT NULL,
    currency           VARCHAR(3)  NOT NULL,
    note_count         INTEGER     NOT NULL,
    CONSTRAINT cassette_withdrawals_pk PRIMARY KEY (app_id, tx_id, cassette),
    CONSTRAINT cassette_withdrawals_app_fk FOREIGN KEY (app_id) REFERENCES apps (id),
    CONSTRAINT cassette_withdrawals_counts CHECK (cassette >= 1 AND note_count > 0 AND denomination_minor > 0)
);
