-- Leases: which replica consumes a pair's inbox now. One row per lease (the name is the master:
-- endpoint's namespace, e.g. 'crm-to-billing'); the holder renews it before expires_at, and any
-- other replica may take it once it has expired (a killed replica) or was released (a clean stop).
-- Times are the database's clock, so replicas' clocks need not agree.
CREATE TABLE pair_lease (
    name        TEXT        PRIMARY KEY,
    holder      TEXT        NOT NULL,
    acquired_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    renewed_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at  TIMESTAMPTZ NOT NULL
);
