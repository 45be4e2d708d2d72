-- The demo warehouse's stock (PostgreSQL). Created when missing; an existing table is left alone.
-- Its columns are named the warehouse's way; the mapping renames them. Statements end with @@.
CREATE TABLE IF NOT EXISTS warehouse_stock (
    sku           VARCHAR(64) PRIMARY KEY,
    item_name     VARCHAR(200)   NOT NULL,
    unit_price    NUMERIC(12, 2),
    on_hand       INTEGER        NOT NULL DEFAULT 0,
    bin_location  VARCHAR(32),
    barcode       VARCHAR(32),
    -- Stamped by the warehouse itself on every change (see the trigger), not by Lockstep.
    modified_at   TIMESTAMPTZ    NOT NULL DEFAULT clock_timestamp(),
    deleted_at    TIMESTAMPTZ,
    revision      INTEGER        NOT NULL DEFAULT 0
)@@
CREATE INDEX IF NOT EXISTS warehouse_stock_modified ON warehouse_stock (modified_at, sku)@@
CREATE OR REPLACE FUNCTION warehouse_stock_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.revision := OLD.revision + 1;
    IF NEW.modified_at IS NOT DISTINCT FROM OLD.modified_at THEN
        NEW.modified_at := clock_timestamp();
    END IF;
    RETURN NEW;
END
$$@@
DROP TRIGGER IF EXISTS warehouse_stock_touch ON warehouse_stock@@
CREATE TRIGGER warehouse_stock_touch BEFORE UPDATE ON warehouse_stock
    FOR EACH ROW EXECUTE FUNCTION warehouse_stock_touch()@@
INSERT INTO warehouse_stock (sku, item_name, unit_price, on_hand, bin_location, barcode) VALUES
    ('SKU-1001', 'Walnut desk lamp', 89.00, 12, 'A-01-3', '4006381333931'),
    ('SKU-1002', 'Linen cushion, sand', 34.50, 40, 'B-02-1', '4006381333948'),
    ('SKU-1003', 'Stoneware mug set', 42.00, 25, 'C-05-2', NULL),
    ('SKU-2001', 'Brass bottle opener', 19.00, 60, 'D-01-4', NULL)
ON CONFLICT DO NOTHING@@
