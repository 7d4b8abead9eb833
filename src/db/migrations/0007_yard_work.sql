-- The yard's own work: orders with working lines, a service catalog, estimate versions,
-- invoices that are voided or credited instead of edited, counter payments and refunds,
-- and the activity inbox. The model and its rules: docs/orders.md.

-- Tax rates per line class, in basis points (725 = 7.25 %), and invoice terms.
ALTER TABLE yards
  ADD COLUMN tax_labor_bp integer NOT NULL DEFAULT 0 CHECK (tax_labor_bp BETWEEN 0 AND 5000),
  ADD COLUMN tax_parts_bp integer NOT NULL DEFAULT 0 CHECK (tax_parts_bp BETWEEN 0 AND 5000),
  ADD COLUMN tax_fees_bp integer NOT NULL DEFAULT 0 CHECK (tax_fees_bp BETWEEN 0 AND 5000),
  ADD COLUMN invoice_due_days integer NOT NULL DEFAULT 30 CHECK (invoice_due_days BETWEEN 0 AND 365),
  ADD COLUMN invoice_terms text,
  ADD COLUMN estimate_valid_days integer NOT NULL DEFAULT 30 CHECK (estimate_valid_days BETWEEN 1 AND 365);

-- Orders: a declined estimate moves the order to `declined`; who opened it; a promised date.
ALTER TABLE orders DROP CONSTRAINT orders_status_check;
ALTER TABLE orders ADD CONSTRAINT orders_status_check CHECK (status IN (
  'requested', 'open_estimate', 'estimate_sent', 'awaiting_acceptance', 'declined', 'in_progress',
  'deposit_requested', 'partial_payment', 'invoiced', 'paid', 'completed', 'cancelled'
));
ALTER TABLE orders
  ADD COLUMN created_by uuid REFERENCES staff_users(id),
  ADD COLUMN promised_on date;
-- The staff Orders list: newest change first, per status, per boat, by title words.
CREATE INDEX orders_recent ON orders (yard_id, updated_at DESC, id DESC);
CREATE INDEX orders_status_recent ON orders (yard_id, status, updated_at DESC, id DESC);
CREATE INDEX orders_boat ON orders (yard_id, boat_id, updated_at DESC, id DESC);
CREATE INDEX orders_title_trgm ON orders USING gin (lower(title) gin_trgm_ops);

-- Line items belong to exactly one of: an order (its working lines, edited freely), an
-- estimate version or an invoice (copies, frozen once sent).
ALTER TABLE line_items DROP CONSTRAINT line_items_check;
ALTER TABLE line_items DROP CONSTRAINT line_items_kind_check;
ALTER TABLE line_items
  ADD COLUMN order_id uuid REFERENCES orders(id),
  ADD COLUMN optional boolean NOT NULL DEFAULT false,
  ADD COLUMN note text,
  ADD COLUMN technician text,
  ADD COLUMN part_number text,
  ADD COLUMN tax_class text NOT NULL DEFAULT 'none' CHECK (tax_class IN ('labor', 'parts', 'fees', 'none')),
  ADD CONSTRAINT line_items_kind_check
    CHECK (kind IN ('labor', 'part', 'fee', 'per_foot', 'discount', 'deposit')),
  ADD CONSTRAINT line_items_one_owner
    CHECK (num_nonnulls(order_id, estimate_id, invoice_id) = 1);
-- Lines loaded before this version were taxed as the demo taxed them: parts only.
UPDATE line_items SET tax_class = 'parts' WHERE kind = 'part';
CREATE INDEX line_items_order ON line_items (order_id, position);

-- Estimate versions: editing a sent or accepted estimate writes a new row with the same
-- number and the next version; the one it replaces turns `superseded`, kept as it was.
ALTER TABLE estimates DROP CONSTRAINT estimates_status_check;
ALTER TABLE estimates ADD CONSTRAINT estimates_status_check
  CHECK (status IN ('draft', 'sent', 'accepted', 'declined', 'expired', 'superseded'));
ALTER TABLE estimates DROP CONSTRAINT estimates_yard_id_number_key;
ALTER TABLE estimates
  ADD COLUMN version integer NOT NULL DEFAULT 1 CHECK (version >= 1),
  ADD COLUMN previous_id uuid REFERENCES estimates(id),
  ADD COLUMN message text,
  ADD COLUMN created_by uuid REFERENCES staff_users(id),
  ADD CONSTRAINT estimates_number_version UNIQUE (yard_id, number, version);

-- Invoices: standard, deposit or credit note; a sent invoice is never edited (trigger below).
ALTER TABLE invoices
  ADD COLUMN kind text NOT NULL DEFAULT 'standard' CHECK (kind IN ('standard', 'deposit', 'credit_note')),
  ADD COLUMN estimate_id uuid REFERENCES estimates(id),
  ADD COLUMN corrects_invoice_id uuid REFERENCES invoices(id),
  ADD COLUMN replaces_invoice_id uuid REFERENCES invoices(id),
  ADD COLUMN credited_cents integer NOT NULL DEFAULT 0 CHECK (credited_cents >= 0),
  ADD COLUMN terms text,
  ADD COLUMN voided_at timestamptz,
  ADD COLUMN void_reason text,
  ADD COLUMN created_by uuid REFERENCES staff_users(id),
  ADD CONSTRAINT invoices_not_overpaid CHECK (paid_cents + credited_cents <= total_cents);

CREATE FUNCTION invoices_frozen_once_sent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'invoice % was sent and cannot be deleted; void it instead', OLD.number;
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status = 'void' THEN
    RAISE EXCEPTION 'invoice % is void and cannot change', OLD.number;
  END IF;
  IF OLD.status <> 'draft' AND (
    NEW.subtotal_cents, NEW.tax_cents, NEW.total_cents, NEW.customer_id, NEW.order_id,
    NEW.number, NEW.kind, NEW.deposit_cents, NEW.due_on, NEW.issued_at, NEW.terms
  ) IS DISTINCT FROM (
    OLD.subtotal_cents, OLD.tax_cents, OLD.total_cents, OLD.customer_id, OLD.order_id,
    OLD.number, OLD.kind, OLD.deposit_cents, OLD.due_on, OLD.issued_at, OLD.terms
  ) THEN
    RAISE EXCEPTION 'invoice % was sent and cannot be edited; void and re-issue it, or issue a credit note', OLD.number;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER invoices_frozen_once_sent BEFORE UPDATE OR DELETE ON invoices
  FOR EACH ROW EXECUTE FUNCTION invoices_frozen_once_sent();

-- The lines of a sent invoice are as frozen as the invoice.
CREATE FUNCTION line_items_invoice_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  inv uuid := CASE WHEN TG_OP = 'INSERT' THEN NEW.invoice_id ELSE OLD.invoice_id END;
BEGIN
  IF TG_OP = 'UPDATE' AND NEW.invoice_id IS DISTINCT FROM OLD.invoice_id THEN
    RAISE EXCEPTION 'a line item cannot move to or from an invoice';
  END IF;
  IF EXISTS (SELECT 1 FROM invoices WHERE id = inv AND status <> 'draft') THEN
    RAISE EXCEPTION 'the lines of a sent invoice cannot change; void and re-issue it, or issue a credit note';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER line_items_invoice_frozen_insert BEFORE INSERT ON line_items
  FOR EACH ROW WHEN (NEW.invoice_id IS NOT NULL) EXECUTE FUNCTION line_items_invoice_frozen();
CREATE TRIGGER line_items_invoice_frozen_update BEFORE UPDATE ON line_items
  FOR EACH ROW WHEN (OLD.invoice_id IS NOT NULL OR NEW.invoice_id IS NOT NULL)
  EXECUTE FUNCTION line_items_invoice_frozen();
CREATE TRIGGER line_items_invoice_frozen_delete BEFORE DELETE ON line_items
  FOR EACH ROW WHEN (OLD.invoice_id IS NOT NULL) EXECUTE FUNCTION line_items_invoice_frozen();

-- Payments at the counter (cash, check, card present, bank transfer) and refunds.
ALTER TABLE payments
  ADD COLUMN recorded_by uuid REFERENCES staff_users(id),
  ADD COLUMN note text,
  ADD COLUMN refunded_cents integer NOT NULL DEFAULT 0,
  ADD CONSTRAINT payments_refund_within CHECK (refunded_cents BETWEEN 0 AND amount_cents);

CREATE TABLE refunds (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  payment_id uuid NOT NULL REFERENCES payments(id),
  invoice_id uuid NOT NULL REFERENCES invoices(id),
  amount_cents integer NOT NULL CHECK (amount_cents > 0),
  method text NOT NULL,
  provider_ref text,
  reason text,
  recorded_by uuid REFERENCES staff_users(id),
  created_at timestamptz NOT NULL
);
CREATE INDEX refunds_invoice ON refunds (yard_id, invoice_id);

-- The yard's canned jobs: a name and the lines an order gets in one click.
CREATE TABLE catalog_jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  name text NOT NULL,
  description text,
  lines jsonb NOT NULL,
  archived_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX catalog_jobs_name ON catalog_jobs (yard_id, lower(name)) WHERE archived_at IS NULL;

-- What customers did, for the dashboard's activity inbox; read state is the yard's
-- (one office inbox), set by whoever opens it.
CREATE TABLE yard_activity (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  customer_id uuid NOT NULL REFERENCES customers(id),
  order_id uuid REFERENCES orders(id),
  kind text NOT NULL CHECK (kind IN (
    'service_requested', 'estimate_accepted', 'estimate_declined', 'invoice_paid', 'invite_requested'
  )),
  detail jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL,
  read_at timestamptz,
  read_by uuid REFERENCES staff_users(id)
);
CREATE INDEX yard_activity_recent ON yard_activity (yard_id, created_at DESC, id DESC);
CREATE INDEX yard_activity_unread ON yard_activity (yard_id, created_at DESC) WHERE read_at IS NULL;
