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

-- The demo billing system's invoices, sent nightly to accounting by billing-to-accounting. Changed
-- rows are found by (modified_at, id): whatever changes an invoice must move modified_at.
CREATE TABLE IF NOT EXISTS billing_invoice (
    id              TEXT PRIMARY KEY,
    invoice_number  TEXT          NOT NULL UNIQUE,
    customer_ref    TEXT,
    customer_name   TEXT          NOT NULL,
    issued_on       DATE          NOT NULL,
    due_on          DATE,
    currency        TEXT          NOT NULL DEFAULT 'EUR',
    description     TEXT,
    amount          NUMERIC(14,2) NOT NULL,
    -- The accounting system's revenue account the invoice is booked to.
    account_code    TEXT          NOT NULL DEFAULT '200',
    -- draft, issued or void
    status          TEXT          NOT NULL DEFAULT 'issued',
    modified_at     TIMESTAMPTZ   NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS billing_invoice_modified ON billing_invoice (modified_at, id);
-- Invoices billing already had before Lockstep was connected: the first run sends them.
INSERT INTO billing_invoice (id, invoice_number, customer_ref, customer_name, issued_on, due_on, currency, description, amount)
VALUES ('I-0001', 'INV-0001', 'B-0001', 'Grace Hopper', DATE '2026-11-01', DATE '2026-12-01', 'EUR', 'Consulting, October', 1200.00),
       ('I-0002', 'INV-0002', 'B-0001', 'Grace Hopper', DATE '2026-11-15', DATE '2026-12-15', 'EUR', 'Support plan, November', 300.00)
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
