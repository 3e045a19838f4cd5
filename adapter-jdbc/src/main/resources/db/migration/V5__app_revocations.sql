-- One counter, raised in the same transaction as every change of an app's status or token hash.
-- Each server instance remembers authenticated apps for a moment; it polls this one row (cheap,
-- independent of the number of machines) and forgets what it remembered when the count moved, so
-- a disabled, deleted or rotated app loses access on every instance sharing the database within
-- one poll interval.
CREATE TABLE app_revocations (
    id      INTEGER NOT NULL,
    version BIGINT  NOT NULL,
    CONSTRAINT app_revocations_pk PRIMARY KEY (id),
    CONSTRAINT app_revocations_one_row CHECK (id = 1)
);
INSERT INTO app_revocations (id, version) VALUES (1, 0);
