-- HTTP targets that asked to be left alone (429, or 503 with Retry-After): no event of a pair
-- delivering to the target is read from the inbox before not_before. Parking the events in the
-- database, instead of sleeping on a thread, keeps them durable and costs nothing while waiting;
-- shared by every replica.
CREATE TABLE http_target_pause (
    target      TEXT        PRIMARY KEY,
    not_before  TIMESTAMPTZ NOT NULL,
    status      INT,
    reason      TEXT,
    paused_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
