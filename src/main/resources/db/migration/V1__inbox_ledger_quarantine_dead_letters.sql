-- Lockstep's own state. Lives only in Lockstep's database, never in a synced system's.

-- The inbox: every accepted event, stored before the webhook is answered. The unique key
-- (pair, event_id) is the idempotent consumer's repository: a redelivered event inserts nothing.
CREATE TABLE inbox_event (
    id               BIGSERIAL PRIMARY KEY,
    pair             TEXT        NOT NULL,
    event_id         TEXT        NOT NULL,
    source_id        TEXT        NOT NULL,
    operation        TEXT        NOT NULL CHECK (operation IN ('UPSERT', 'DELETE')),
    source_version   TIMESTAMPTZ NOT NULL,
    payload          JSONB       NOT NULL,
    received_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- PENDING until the pipeline decides; then APPLIED, UNCHANGED, STALE, QUARANTINED or DEAD_LETTERED
    status           TEXT        NOT NULL DEFAULT 'PENDING',
    processed_at     TIMESTAMPTZ,
    CONSTRAINT inbox_event_pair_event_id UNIQUE (pair, event_id)
);
CREATE INDEX inbox_event_pending ON inbox_event (pair, id) WHERE status = 'PENDING';
CREATE INDEX inbox_event_record ON inbox_event (pair, source_id);

-- The ledger: per pair and source record, the version and content Lockstep last applied to the
-- target, and the target's id for it. Ordering (stale events) and duplicate detection read it.
CREATE TABLE sync_record (
    pair             TEXT        NOT NULL,
    source_id        TEXT        NOT NULL,
    target_id        TEXT        NOT NULL,
    source_version   TIMESTAMPTZ NOT NULL,
    content_hash     TEXT        NOT NULL,
    deleted          BOOLEAN     NOT NULL DEFAULT false,
    last_event_id    TEXT        NOT NULL,
    synced_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (pair, source_id)
);

-- Records whose data failed cleanup or validation: not written anywhere, kept with every reason.
CREATE TABLE quarantine (
    id               BIGSERIAL PRIMARY KEY,
    pair             TEXT        NOT NULL,
    inbox_id         BIGINT      REFERENCES inbox_event (id),
    event_id         TEXT        NOT NULL,
    source_id        TEXT        NOT NULL,
    payload          JSONB       NOT NULL,
    reasons          JSONB       NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX quarantine_pair ON quarantine (pair, created_at);

-- Events whose delivery failed after every retry. One row per inbox event: a replay that fails
-- again reopens the same row and adds its attempts.
CREATE TABLE dead_letter (
    id                BIGSERIAL PRIMARY KEY,
    pair              TEXT        NOT NULL,
    inbox_id          BIGINT      NOT NULL UNIQUE REFERENCES inbox_event (id),
    event_id          TEXT        NOT NULL,
    source_id         TEXT        NOT NULL,
    route_id          TEXT,
    step              TEXT,
    payload           JSONB       NOT NULL,
    exception_class   TEXT        NOT NULL,
    exception_message TEXT,
    attempts          INT         NOT NULL,
    first_failed_at   TIMESTAMPTZ NOT NULL,
    last_failed_at    TIMESTAMPTZ NOT NULL,
    -- OPEN, REPLAYED (handed back to the pipeline) or DISCARDED
    status            TEXT        NOT NULL DEFAULT 'OPEN',
    replayed_at       TIMESTAMPTZ,
    replay_count      INT         NOT NULL DEFAULT 0
);
CREATE INDEX dead_letter_pair_status ON dead_letter (pair, status);
