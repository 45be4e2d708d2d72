-- A record with an open dead letter holds its later events (inbox status HELD) until the dead
-- letter is replayed or discarded; the pipeline asks this for every event.
CREATE INDEX dead_letter_open_record ON dead_letter (pair, source_id) WHERE status = 'OPEN';
CREATE INDEX inbox_event_held ON inbox_event (pair, source_id) WHERE status = 'HELD';
