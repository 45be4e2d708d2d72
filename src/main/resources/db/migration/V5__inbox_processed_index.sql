-- The dashboard's throughput chart counts each pair's events closed per minute over the last hour;
-- this index makes that a few short range scans instead of a scan of the whole inbox.
CREATE INDEX inbox_event_processed ON inbox_event (pair, processed_at) WHERE processed_at IS NOT NULL;
