-- The demo billing system's customers. Created when missing; an existing table is left alone.
CREATE TABLE IF NOT EXISTS billing_customer (
    customer_ref    TEXT PRIMARY KEY,
    email           TEXT,
    full_name       TEXT,
    phone           TEXT,
    crm_updated_at  TIMESTAMPTZ,
    deleted_at      TIMESTAMPTZ,
    synced_at       TIMESTAMPTZ,
    -- Billing must be able to reach a live customer: a contact with neither is refused by billing
    -- itself, which Lockstep surfaces as a dead letter.
    CONSTRAINT billing_customer_reachable CHECK (deleted_at IS NOT NULL OR email IS NOT NULL OR phone IS NOT NULL)
);
-- Billing keeps one customer per e-mail address.
CREATE UNIQUE INDEX IF NOT EXISTS billing_customer_email ON billing_customer (email);
-- A customer billing already had before Lockstep was connected.
INSERT INTO billing_customer (customer_ref, email, full_name, phone, synced_at)
VALUES ('B-0001', 'grace@example.com', 'Grace Hopper', '+12025550143', NULL)
ON CONFLICT DO NOTHING;
-- The demo billing system's orders, written by the storefront-orders-to-billing pair.
CREATE TABLE IF NOT EXISTS billing_order (
    order_ref       TEXT PRIMARY KEY,
    customer_email  TEXT,
    status          TEXT           NOT NULL,
    amount          NUMERIC(12, 2) NOT NULL,
    currency        TEXT           NOT NULL,
    ordered_at      TIMESTAMPTZ,
    synced_at       TIMESTAMPTZ,
    -- Billing refuses a negative amount (a refund is a separate document): surfaced as a dead letter.
    CONSTRAINT billing_order_amount CHECK (amount >= 0)
);
