-- Slipway schema, version 2: estimates answered in the portal, order status history,
-- payments with idempotency keys. See docs/payments.md.

-- An estimate whose amounts or line items change after it was sent must be sent again
-- before it can be accepted: the database marks it, whoever made the change.
ALTER TABLE estimates
  ADD COLUMN revision integer NOT NULL DEFAULT 1,
  ADD COLUMN changed_since_sent boolean NOT NULL DEFAULT false,
  ADD COLUMN decline_reason text;

CREATE FUNCTION estimates_mark_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (NEW.subtotal_cents, NEW.tax_cents, NEW.total_cents)
     IS DISTINCT FROM (OLD.subtotal_cents, OLD.tax_cents, OLD.total_cents) THEN
    NEW.revision := OLD.revision + 1;
    NEW.changed_since_sent := OLD.sent_at IS NOT NULL;
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER estimates_mark_changed BEFORE UPDATE ON estimates
  FOR EACH ROW EXECUTE FUNCTION estimates_mark_changed();

-- Edited or removed line items mark it too. (An added item changes the totals, which the
-- trigger above sees; inserts are left out so loading an estimate's items does not mark it.)
CREATE FUNCTION line_items_mark_estimate_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE estimates SET revision = revision + 1, changed_since_sent = sent_at IS NOT NULL
    WHERE id = OLD.estimate_id AND status IN ('draft', 'sent');
  RETURN NULL;
END $$;
CREATE TRIGGER line_items_mark_estimate_changed AFTER UPDATE OR DELETE ON line_items
  FOR EACH ROW WHEN (OLD.estimate_id IS NOT NULL) EXECUTE FUNCTION line_items_mark_estimate_changed();

-- What the customer accepted, copied at that moment: one row per estimate, never changed.
CREATE TABLE estimate_acceptances (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  estimate_id uuid NOT NULL UNIQUE REFERENCES estimates(id),
  customer_id uuid NOT NULL REFERENCES customers(id),
  account_id uuid NOT NULL REFERENCES portal_accounts(id),
  accepted_at timestamptz NOT NULL,
  ip text,
  revision integer NOT NULL,
  subtotal_cents integer NOT NULL,
  tax_cents integer NOT NULL,
  total_cents integer NOT NULL,
  line_items jsonb NOT NULL
);
CREATE FUNCTION estimate_acceptances_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'an estimate acceptance is a record of what the customer agreed to and cannot be changed';
END $$;
CREATE TRIGGER estimate_acceptances_frozen BEFORE UPDATE OR DELETE ON estimate_acceptances
  FOR EACH ROW EXECUTE FUNCTION estimate_acceptances_frozen();

CREATE TABLE order_status_history (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  order_id uuid NOT NULL REFERENCES orders(id),
  from_status text,
  to_status text NOT NULL,
  changed_at timestamptz NOT NULL,
  actor_staff_id uuid REFERENCES staff_users(id),
  actor_account_id uuid REFERENCES portal_accounts(id),
  note text
);
CREATE INDEX order_status_history_order ON order_status_history (order_id, changed_at);
CREATE INDEX orders_status ON orders (yard_id, status, opened_at DESC);

-- One row per payment attempt. The client's Idempotency-Key is unique per yard; the hash
-- of what was asked (customer, invoice, amount) refuses a key reused for something else.
CREATE TABLE payment_attempts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  invoice_id uuid NOT NULL REFERENCES invoices(id),
  customer_id uuid NOT NULL REFERENCES customers(id),
  idempotency_key text NOT NULL,
  request_hash text NOT NULL,
  amount_cents integer NOT NULL CHECK (amount_cents > 0),
  provider text NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'declined', 'failed')),
  provider_ref text,
  failure_code text,
  failure_message text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (yard_id, idempotency_key)
);
CREATE UNIQUE INDEX payment_attempts_provider_ref ON payment_attempts (provider, provider_ref)
  WHERE provider_ref IS NOT NULL;

-- A payment made online belongs to exactly one attempt: a repeated webhook cannot add another.
ALTER TABLE payments
  ADD COLUMN attempt_id uuid UNIQUE REFERENCES payment_attempts(id),
  ADD COLUMN provider text;

-- Webhook deliveries already handled, so a redelivered event is acknowledged and skipped.
CREATE TABLE payment_webhook_events (
  provider text NOT NULL,
  event_id text NOT NULL,
  received_at timestamptz NOT NULL,
  PRIMARY KEY (provider, event_id)
);
