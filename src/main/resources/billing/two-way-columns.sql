-- What the salesforce-and-billing pair syncs beyond crm-to-billing's columns: the name in parts, the
-- title and the billing address, all nullable; and modified_at, stamped by billing itself on every
-- change (the two-way poll's cursor follows it). Added when missing; statements end with @@.
ALTER TABLE billing_customer ADD COLUMN IF NOT EXISTS first_name TEXT@@
ALTER TABLE billing_customer ADD COLUMN IF NOT EXISTS last_name TEXT@@
ALTER TABLE billing_customer ADD COLUMN IF NOT EXISTS title TEXT@@
ALTER TABLE billing_customer ADD COLUMN IF NOT EXISTS billing_street TEXT@@
ALTER TABLE billing_customer ADD COLUMN IF NOT EXISTS billing_city TEXT@@
ALTER TABLE billing_customer ADD COLUMN IF NOT EXISTS billing_postal_code TEXT@@
ALTER TABLE billing_customer ADD COLUMN IF NOT EXISTS billing_country TEXT@@
ALTER TABLE billing_customer ADD COLUMN IF NOT EXISTS modified_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()@@
CREATE INDEX IF NOT EXISTS billing_customer_modified ON billing_customer (modified_at, customer_ref)@@
CREATE OR REPLACE FUNCTION billing_customer_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.modified_at IS NOT DISTINCT FROM OLD.modified_at THEN
        NEW.modified_at := clock_timestamp();
    END IF;
    RETURN NEW;
END
$$@@
DROP TRIGGER IF EXISTS billing_customer_touch ON billing_customer@@
CREATE TRIGGER billing_customer_touch BEFORE UPDATE ON billing_customer
    FOR EACH ROW EXECUTE FUNCTION billing_customer_touch()@@
