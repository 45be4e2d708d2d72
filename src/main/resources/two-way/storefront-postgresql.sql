-- The demo storefront's products (PostgreSQL). Created when missing; an existing table is left alone.
-- Statements end with @@ (the trigger function's body holds semicolons).
CREATE TABLE IF NOT EXISTS storefront_product (
    sku           TEXT PRIMARY KEY,
    name          TEXT           NOT NULL,
    price         NUMERIC(12, 2),
    quantity      INTEGER        NOT NULL DEFAULT 0,
    bin_location  TEXT,
    barcode       TEXT,
    -- Stamped by the storefront itself on every change (see the trigger), not by Lockstep.
    updated_at    TIMESTAMPTZ    NOT NULL DEFAULT clock_timestamp(),
    deleted_at    TIMESTAMPTZ,
    -- Counts every update of the row, whoever made it.
    revision      INTEGER        NOT NULL DEFAULT 0
)@@
CREATE INDEX IF NOT EXISTS storefront_product_updated ON storefront_product (updated_at, sku)@@
CREATE OR REPLACE FUNCTION storefront_product_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.revision := OLD.revision + 1;
    IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
        NEW.updated_at := clock_timestamp();
    END IF;
    RETURN NEW;
END
$$@@
DROP TRIGGER IF EXISTS storefront_product_touch ON storefront_product@@
CREATE TRIGGER storefront_product_touch BEFORE UPDATE ON storefront_product
    FOR EACH ROW EXECUTE FUNCTION storefront_product_touch()@@
INSERT INTO storefront_product (sku, name, price, quantity, bin_location, barcode) VALUES
    ('SKU-1001', 'Walnut desk lamp', 89.00, 12, 'A-01-3', '4006381333931'),
    ('SKU-1002', 'Linen cushion, sand', 34.50, 40, 'B-02-1', '4006381333948'),
    ('SKU-1003', 'Stoneware mug set', 42.00, 25, 'C-05-2', NULL),
    ('SKU-1004', 'Oak serving board', 28.00, 8, NULL, NULL)
ON CONFLICT DO NOTHING@@
-- The demo storefront's orders, read page by page by the storefront-orders-to-billing pair.
CREATE TABLE IF NOT EXISTS storefront_order (
    order_id        TEXT PRIMARY KEY,
    customer_email  TEXT,
    status          TEXT           NOT NULL,
    total           NUMERIC(12, 2) NOT NULL,
    currency        TEXT,
    placed_at       TIMESTAMPTZ    NOT NULL DEFAULT clock_timestamp(),
    -- Stamped by the storefront on every change; Lockstep's cursor follows (modified_at, order_id).
    modified_at     TIMESTAMPTZ    NOT NULL DEFAULT clock_timestamp()
)@@
CREATE INDEX IF NOT EXISTS storefront_order_modified ON storefront_order (modified_at, order_id)@@
INSERT INTO storefront_order (order_id, customer_email, status, total, currency) VALUES
    ('SO-1001', ' Ada@Example.com ', 'paid', 89.00, 'gbp'),
    ('SO-1002', 'grace@example.com', 'new', 34.50, 'usd'),
    ('SO-1003', 'lin@example.com', 'shipped', 42.00, NULL)
ON CONFLICT DO NOTHING@@
