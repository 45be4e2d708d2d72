-- Two-way pairs: baselines, conflicts, mass-delete holds, poll cursors and the coalescing aggregates.

-- One row per linked record of a two-way pair: the state both systems last agreed on (canonical
-- field values as text). A record with an OPEN manual conflict is held: nothing is written for it.
CREATE TABLE two_way_record (
    pair          TEXT        NOT NULL,
    record_key    TEXT        NOT NULL,
    agreed        JSONB       NOT NULL,
    deleted       BOOLEAN     NOT NULL DEFAULT false,
    resolved_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (pair, record_key)
);

-- Per linked record and per system: the baseline (the values Lockstep last took in from that
-- system or wrote to it), the hash of what Lockstep last wrote there (the echo filter compares a
-- polled row with it) and how many writes Lockstep made there.
CREATE TABLE two_way_baseline (
    pair              TEXT        NOT NULL,
    record_key        TEXT        NOT NULL,
    system            TEXT        NOT NULL,
    vals              JSONB       NOT NULL,
    present           BOOLEAN     NOT NULL,
    deleted           BOOLEAN     NOT NULL DEFAULT false,
    seen_hash         TEXT        NOT NULL,
    written_hash      TEXT,
    source_updated_at TIMESTAMPTZ,
    writes            INT         NOT NULL DEFAULT 0,
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (pair, record_key, system)
);

-- Every conflict: a field changed on both sides (or a delete against an edit), with both values,
-- the baseline, the rule and the winner. A manual conflict stays OPEN until a person resolves it;
-- the others are recorded DECIDED.
CREATE TABLE two_way_conflict (
    id            BIGSERIAL PRIMARY KEY,
    pair          TEXT        NOT NULL,
    record_key    TEXT        NOT NULL,
    field         TEXT        NOT NULL,
    left_system   TEXT        NOT NULL,
    left_value    TEXT,
    right_system  TEXT        NOT NULL,
    right_value   TEXT,
    base_value    TEXT,
    rule          TEXT        NOT NULL,
    winner        TEXT,
    value         TEXT,
    -- DECIDED (by a rule), OPEN (manual, waiting), RESOLVED (a person chose; being applied), APPLIED
    status        TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    decided_at    TIMESTAMPTZ
);
CREATE INDEX two_way_conflict_record ON two_way_conflict (pair, record_key, field);
CREATE INDEX two_way_conflict_status ON two_way_conflict (status, id);
-- At most one manual conflict per record and field waits for a person.
CREATE UNIQUE INDEX two_way_conflict_one_open ON two_way_conflict (pair, record_key, field)
    WHERE status IN ('OPEN', 'RESOLVED');

-- Deletes that one poll run saw on one system, held because they exceed the pair's mass-delete
-- share. HELD until approved (then applied) or rejected (then the records are restored).
CREATE TABLE mass_delete_hold (
    id            BIGSERIAL PRIMARY KEY,
    pair          TEXT        NOT NULL,
    system        TEXT        NOT NULL,
    record_keys   JSONB       NOT NULL,
    deletes       INT         NOT NULL,
    records       INT         NOT NULL,
    max_share     NUMERIC     NOT NULL,
    status        TEXT        NOT NULL DEFAULT 'HELD',
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    decided_at    TIMESTAMPTZ
);
CREATE INDEX mass_delete_hold_status ON mass_delete_hold (pair, status);

-- Each scheduled source's position: the (modified-at, id) of the last row fully handed on.
CREATE TABLE poll_cursor (
    pair          TEXT        NOT NULL,
    system        TEXT        NOT NULL,
    modified_at   TIMESTAMPTZ NOT NULL,
    last_id       TEXT        NOT NULL,
    rows_read     BIGINT      NOT NULL DEFAULT 0,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (pair, system)
);

-- Camel's JDBC aggregation repository (PostgresAggregationRepository) for the coalescing of
-- storefront-and-warehouse: what is held in an aggregate survives a crash, and a completed
-- aggregate stays in the _completed table until its resolution succeeded (recovered otherwise).
CREATE TABLE agg_storefront_and_warehouse (
    id        VARCHAR(255) NOT NULL PRIMARY KEY,
    exchange  BYTEA        NOT NULL,
    version   BIGINT       NOT NULL
);
CREATE TABLE agg_storefront_and_warehouse_completed (
    id        VARCHAR(255) NOT NULL PRIMARY KEY,
    exchange  BYTEA        NOT NULL,
    version   BIGINT       NOT NULL
);
