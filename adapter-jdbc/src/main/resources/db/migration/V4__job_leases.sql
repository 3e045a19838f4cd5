-- Who runs each background job (the invoice monitor, the send reconciler, ...) when several
-- server instances share this database: one row per job, held by one instance until expires_at
-- and free from then on. Instances renew the row on every pass; a dead one's lease simply runs out.
CREATE TABLE job_leases (
    job        VARCHAR(100)             NOT NULL,
    holder     VARCHAR(100)             NOT NULL,  -- a server process: host name and a random id
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT job_leases_pk PRIMARY KEY (job)
);
