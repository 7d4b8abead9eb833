-- Customers kept by hand: numbered by the yard's counter, merged without losing a record
-- (docs/customers.md).

-- Customer numbers come from the yard's counter like order numbers.
ALTER TABLE yard_counters DROP CONSTRAINT yard_counters_kind_check;
ALTER TABLE yard_counters ADD CONSTRAINT yard_counters_kind_check
  CHECK (kind IN ('order', 'estimate', 'invoice', 'customer'));
INSERT INTO yard_counters (yard_id, kind, last_value)
  SELECT yard_id, 'customer', max(customer_number) FROM customers GROUP BY yard_id
  ON CONFLICT (yard_id, kind) DO NOTHING;

-- A merge of two customers who both had a portal account keeps one; the other is disabled
-- (it can no longer sign in) and stays on the kept customer with its history. One live
-- account per customer and per login email, as before.
ALTER TABLE portal_accounts ADD COLUMN disabled_at timestamptz;
ALTER TABLE portal_accounts DROP CONSTRAINT portal_accounts_customer_id_key;
CREATE UNIQUE INDEX portal_accounts_one_live ON portal_accounts (customer_id) WHERE disabled_at IS NULL;
DROP INDEX portal_accounts_login;
CREATE UNIQUE INDEX portal_accounts_login ON portal_accounts (yard_id, lower(login_email))
  WHERE disabled_at IS NULL;

-- A sent invoice and an estimate acceptance never change, with one exception: a merge moves
-- them to the customer kept. Only the customer may change then, and only from a customer
-- already marked as merged into the new one (the merge marks it first, in its transaction).
CREATE FUNCTION customer_merge_move(old_row jsonb, new_row jsonb) RETURNS boolean
LANGUAGE sql STABLE AS $$
  SELECT (old_row->>'customer_id') IS DISTINCT FROM (new_row->>'customer_id')
    AND (old_row - 'customer_id') = (new_row - 'customer_id')
    AND EXISTS (
      SELECT 1 FROM customers
      WHERE id = (old_row->>'customer_id')::uuid AND merged_into = (new_row->>'customer_id')::uuid
    )
$$;

CREATE OR REPLACE FUNCTION invoices_frozen_once_sent() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND customer_merge_move(to_jsonb(OLD), to_jsonb(NEW)) THEN
    RETURN NEW;
  END IF;
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

CREATE OR REPLACE FUNCTION estimate_acceptances_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND customer_merge_move(to_jsonb(OLD), to_jsonb(NEW)) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'an estimate acceptance is a record of what the customer agreed to and cannot be changed';
END $$;

-- An archived customer matched by a bulk invite's row is reported, not invited.
ALTER TABLE invite_batch_rows DROP CONSTRAINT invite_batch_rows_preview_check;
ALTER TABLE invite_batch_rows ADD CONSTRAINT invite_batch_rows_preview_check CHECK (preview IN (
  'will_invite', 'in_portal', 'too_soon', 'no_email', 'no_match', 'ambiguous', 'invalid_email', 'duplicate',
  'archived'
));
