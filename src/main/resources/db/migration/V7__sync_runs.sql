-- Every run of a pair: a scheduled poll, a backfill, a reconciliation sweep, a nightly batch.
-- Counts are updated while it runs (progress), so GET /api/runs/{id} shows live figures;
-- resume_cursor is the last committed position of a resumable run (a backfill after a crash).
CREATE TABLE sync_run (
    id              BIGSERIAL PRIMARY KEY,
    pair            TEXT        NOT NULL,
    kind            TEXT        NOT NULL,              -- SYNC, BACKFILL, RECONCILE
    run_trigger     TEXT        NOT NULL,              -- SCHEDULE, API, STARTUP, ...
    status          TEXT        NOT NULL DEFAULT 'RUNNING', -- RUNNING, SUCCEEDED, FAILED, INTERRUPTED
    started_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    ended_at        TIMESTAMPTZ,
    heartbeat_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    rows_total      BIGINT,                            -- when known
    rows_read       BIGINT      NOT NULL DEFAULT 0,
    rows_written    BIGINT      NOT NULL DEFAULT 0,
    rows_unchanged  BIGINT      NOT NULL DEFAULT 0,
    conflicts       BIGINT      NOT NULL DEFAULT 0,
    quarantined     BIGINT      NOT NULL DEFAULT 0,
    failed          BIGINT      NOT NULL DEFAULT 0,
    resume_cursor   TEXT,
    message         TEXT
);
CREATE INDEX sync_run_pair_started ON sync_run (pair, started_at DESC);
CREATE INDEX sync_run_running ON sync_run (pair) WHERE status = 'RUNNING';
