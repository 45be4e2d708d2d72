-- A quarantined record can be released (its original event goes back to the pipeline, e.g. after
-- the source data or the mapping was fixed) or discarded. OPEN until one of them happens.
ALTER TABLE quarantine ADD COLUMN status TEXT NOT NULL DEFAULT 'OPEN';
ALTER TABLE quarantine ADD COLUMN closed_at TIMESTAMPTZ;
CREATE INDEX quarantine_open ON quarantine (pair, source_id) WHERE status = 'OPEN';
