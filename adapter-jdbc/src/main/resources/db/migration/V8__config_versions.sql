-- The version number of each app's machine configuration: the latest fingerprint (hex SHA-256 of
-- its static values) and its version. A new fingerprint is one version up, so numbers only rise,
-- across restarts and across server instances sharing this database; a machine holding the
-- current number is sent no static configuration.
CREATE TABLE config_versions (
    scope       VARCHAR(100) NOT NULL,  -- whose configuration, e.g. 'app:<app id>'
    fingerprint VARCHAR(64)  NOT NULL,
    version     INTEGER      NOT NULL,
    CONSTRAINT config_versions_pk PRIMARY KEY (scope),
    CONSTRAINT config_versions_positive CHECK (version >= 1)
);
