-- The staff Orders list and its totals (docs/orders.md, "Orders list"): each order carries
-- its value (the sum of its working lines, before tax) and its open balance (what its open
-- and partly paid invoices still ask for), kept by the triggers below, so that a page of
-- orders and the totals of a search read the orders table alone.
ALTER TABLE orders
  ADD COLUMN value_cents bigint NOT NULL DEFAULT 0,
  ADD COLUMN balance_cents bigint NOT NULL DEFAULT 0;

CREATE FUNCTION order_value_of(oid uuid) RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT coalesce(sum(total_cents), 0) FROM line_items WHERE order_id = oid
$$;
CREATE FUNCTION order_balance_of(oid uuid) RETURNS bigint LANGUAGE sql STABLE AS $$
  SELECT coalesce(sum(total_cents - paid_cents - credited_cents), 0) FROM invoices
  WHERE order_id = oid AND status IN ('open', 'partial') AND kind <> 'credit_note'
$$;

UPDATE orders SET value_cents = order_value_of(id), balance_cents = order_balance_of(id);

CREATE FUNCTION orders_keep_value() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_id uuid := CASE WHEN TG_OP <> 'INSERT' THEN OLD.order_id END;
  new_id uuid := CASE WHEN TG_OP <> 'DELETE' THEN NEW.order_id END;
BEGIN
  IF old_id IS NOT NULL OR new_id IS NOT NULL THEN
    UPDATE orders SET value_cents = order_value_of(id)
    WHERE id IN (old_id, new_id) AND value_cents IS DISTINCT FROM order_value_of(id);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER line_items_order_value AFTER INSERT OR UPDATE OR DELETE ON line_items
  FOR EACH ROW EXECUTE FUNCTION orders_keep_value();

CREATE FUNCTION orders_keep_balance() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_id uuid := CASE WHEN TG_OP <> 'INSERT' THEN OLD.order_id END;
  new_id uuid := CASE WHEN TG_OP <> 'DELETE' THEN NEW.order_id END;
BEGIN
  UPDATE orders SET balance_cents = order_balance_of(id)
  WHERE id IN (old_id, new_id) AND balance_cents IS DISTINCT FROM order_balance_of(id);
  RETURN NULL;
END $$;
CREATE TRIGGER invoices_order_balance AFTER INSERT OR UPDATE OR DELETE ON invoices
  FOR EACH ROW EXECUTE FUNCTION orders_keep_balance();

-- Counts and totals per status of a whole yard, for the list's chips without a search: a
-- ledger the trigger below only ever appends to (+1 / -1 and the amounts), so that no two
-- transactions wait for each other on a yard's row. Reading sums the yard's rows; the
-- application folds them into one row per status when they grow (orders-list.repo.ts).
CREATE TABLE order_status_sums (
  yard_id uuid NOT NULL REFERENCES yards(id),
  status text NOT NULL,
  orders bigint NOT NULL,
  value_cents bigint NOT NULL,
  balance_cents bigint NOT NULL
);
CREATE INDEX order_status_sums_yard ON order_status_sums (yard_id);

INSERT INTO order_status_sums
SELECT yard_id, status, count(*), sum(value_cents), sum(balance_cents) FROM orders GROUP BY yard_id, status;

CREATE FUNCTION orders_keep_status_sums() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    INSERT INTO order_status_sums VALUES (OLD.yard_id, OLD.status, -1, -OLD.value_cents, -OLD.balance_cents);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO order_status_sums VALUES (NEW.yard_id, NEW.status, 1, NEW.value_cents, NEW.balance_cents);
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER orders_status_sums_insert_delete AFTER INSERT OR DELETE ON orders
  FOR EACH ROW EXECUTE FUNCTION orders_keep_status_sums();
CREATE TRIGGER orders_status_sums_update AFTER UPDATE OF yard_id, status, value_cents, balance_cents ON orders
  FOR EACH ROW
  WHEN ((OLD.yard_id, OLD.status, OLD.value_cents, OLD.balance_cents)
    IS DISTINCT FROM (NEW.yard_id, NEW.status, NEW.value_cents, NEW.balance_cents))
  EXECUTE FUNCTION orders_keep_status_sums();

-- Opened-date filter: a range's orders, newest change first, and its counts and totals,
-- from the index alone.
CREATE INDEX orders_opened ON orders (yard_id, opened_at)
  INCLUDE (updated_at, id, status, value_cents, balance_cents);
-- Search by boat name ("contains", 3+ characters) and by its start (1–2 characters).
CREATE INDEX boats_name_trgm ON boats USING gin (lower(name) gin_trgm_ops);
CREATE INDEX boats_name_prefix ON boats (yard_id, lower(name) text_pattern_ops);

-- The activity inbox's sentence names the order; its page per customer.
CREATE INDEX yard_activity_order ON yard_activity (order_id);
