-- The demo warehouse's stock (MariaDB / MySQL). Created when missing; an existing table is left alone.
-- Its columns are named the warehouse's way; the mapping renames them. Statements end with @@.
CREATE TABLE IF NOT EXISTS warehouse_stock (
    sku           VARCHAR(64) PRIMARY KEY,
    item_name     VARCHAR(200)   NOT NULL,
    unit_price    DECIMAL(12, 2),
    on_hand       INTEGER        NOT NULL DEFAULT 0,
    bin_location  VARCHAR(32),
    barcode       VARCHAR(32),
    -- Stamped by the warehouse itself on every change, not by Lockstep.
    modified_at   TIMESTAMP(6)   NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    deleted_at    TIMESTAMP(6)   NULL,
    revision      INTEGER        NOT NULL DEFAULT 0,
    INDEX warehouse_stock_modified (modified_at, sku)
)@@
CREATE TRIGGER IF NOT EXISTS warehouse_stock_revision BEFORE UPDATE ON warehouse_stock
    FOR EACH ROW SET NEW.revision = OLD.revision + 1@@
INSERT IGNORE INTO warehouse_stock (sku, item_name, unit_price, on_hand, bin_location, barcode) VALUES
    ('SKU-1001', 'Walnut desk lamp', 89.00, 12, 'A-01-3', '4006381333931'),
    ('SKU-1002', 'Linen cushion, sand', 34.50, 40, 'B-02-1', '4006381333948'),
    ('SKU-1003', 'Stoneware mug set', 42.00, 25, 'C-05-2', NULL),
    ('SKU-2001', 'Brass bottle opener', 19.00, 60, 'D-01-4', NULL)@@
