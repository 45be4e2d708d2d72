-- Which source record is already linked to a target record: asked for every new source record whose
-- match key finds an existing target record (an initial sync into a filled target asks it for almost
-- every record). Without this index each question read all of the pair's ledger entries.
CREATE INDEX sync_record_target ON sync_record (pair, target_id);
