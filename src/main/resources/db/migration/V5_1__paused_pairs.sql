-- Pairs an operator paused (POST /api/pairs/{pair}/pause). Every replica stops the pair's pipeline
-- route while its row is here, also after a restart; resuming deletes the row.
CREATE TABLE paused_pair (
    pair       TEXT        PRIMARY KEY,
    paused_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
