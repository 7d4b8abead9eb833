-- Estimate versions answered with optional lines declined (docs/orders.md, "Estimates").

-- The tax rates an estimate was priced with: an acceptance that declines optional lines
-- is re-totalled at these rates, not at whatever the yard charges by then.
ALTER TABLE estimates
  ADD COLUMN tax_labor_bp integer NOT NULL DEFAULT 0 CHECK (tax_labor_bp BETWEEN 0 AND 5000),
  ADD COLUMN tax_parts_bp integer NOT NULL DEFAULT 0 CHECK (tax_parts_bp BETWEEN 0 AND 5000),
  ADD COLUMN tax_fees_bp integer NOT NULL DEFAULT 0 CHECK (tax_fees_bp BETWEEN 0 AND 5000);
UPDATE estimates e SET tax_labor_bp = y.tax_labor_bp, tax_parts_bp = y.tax_parts_bp, tax_fees_bp = y.tax_fees_bp
  FROM yards y WHERE y.id = e.yard_id;

-- The order line an estimate or invoice line was copied from, so two versions of an
-- estimate can be compared line by line ("what changed"). Not a foreign key: order lines
-- are edited and deleted freely, the copies stay.
ALTER TABLE line_items ADD COLUMN source_line_id uuid;

