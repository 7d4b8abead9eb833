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

-- Counts and totals per status of a yard (or of a date range, a boat, a customer) from the
-- index alone.
CREATE INDEX orders_status_totals ON orders (yard_id, status, opened_at)
  INCLUDE (value_cents, balance_cents);
-- Opened-date filter.
CREATE INDEX orders_opened ON orders (yard_id, opened_at);
-- Search by boat name ("contains", 3+ characters) and by its start (1–2 characters).
CREATE INDEX boats_name_trgm ON boats USING gin (lower(name) gin_trgm_ops);
CREATE INDEX boats_name_prefix ON boats (yard_id, lower(name) text_pattern_ops);

-- The activity inbox's sentence names the order; its page per customer.
CREATE INDEX yard_activity_order ON yard_activity (order_id);
