-- An ATM's own per-transaction limit (sats), below the server's; NULL for the server's alone.
ALTER TABLE apps ADD COLUMN max_per_tx_sat BIGINT;
ALTER TABLE apps ADD CONSTRAINT apps_max_per_tx_positive CHECK (max_per_tx_sat IS NULL OR max_per_tx_sat > 0);
