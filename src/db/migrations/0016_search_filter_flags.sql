-- The Customers list's filters as columns of the customer (docs/search.md, "Filters"), so
-- that a filter is a condition on the row a plan reads and a filter that keeps few customers
-- is read from a small partial index of its own rather than by probing other tables for
-- each of a million rows:
-- - in_portal: the customer has a portal account;
-- - invite_live_until: when the customer's last live invite (queued, or sent) stops
--   working ('infinity' for a queued one, which has no expiry yet); NULL without one. An
--   invite is live while this is in the future, so the column needs no job at expiry;
-- - balance_due: an order of theirs has open invoices still asking for money.
-- Kept by the statement triggers below on portal_accounts, invites and orders (a bulk
-- batch or an import touches each customer once per statement).
ALTER TABLE customers
  ADD COLUMN in_portal boolean NOT NULL DEFAULT false,
  ADD COLUMN invite_live_until timestamptz,
  ADD COLUMN balance_due boolean NOT NULL DEFAULT false;

CREATE FUNCTION customers_refresh_filters(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(ids) = 0 THEN
    RETURN;
  END IF;
  -- Lock first, then read in a statement of its own: a concurrent change to the same
  -- customer has committed by then, and READ COMMITTED reads it with the new snapshot.
  PERFORM 1 FROM customers WHERE id = ANY (ids) ORDER BY id FOR NO KEY UPDATE;
  UPDATE customers c
  SET in_portal = f.in_portal, invite_live_until = f.live_until, balance_due = f.balance_due
  FROM (
    SELECT x.id,
      EXISTS (SELECT 1 FROM portal_accounts pa WHERE pa.customer_id = x.id) AS in_portal,
      (SELECT max(coalesce(i.expires_at, 'infinity')) FROM invites i
        WHERE i.customer_id = x.id AND i.status IN ('queued', 'sent')) AS live_until,
      EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = x.id AND o.balance_cents > 0) AS balance_due
    FROM unnest(ids) AS x(id)
  ) f
  WHERE c.id = f.id
    AND (c.in_portal, c.invite_live_until, c.balance_due)
      IS DISTINCT FROM (f.in_portal, f.live_until, f.balance_due);
END $$;

-- Rows inserted or deleted always count; an update only when it moved the row to another
-- customer or changed what the filter reads (an order's status or value alone does not).
CREATE FUNCTION customers_filters_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM customers_refresh_filters(ARRAY(SELECT DISTINCT customer_id FROM new_rows));
  RETURN NULL;
END $$;
CREATE FUNCTION customers_filters_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM customers_refresh_filters(ARRAY(SELECT DISTINCT customer_id FROM old_rows));
  RETURN NULL;
END $$;
CREATE FUNCTION customers_filters_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'invites' THEN
    PERFORM customers_refresh_filters(ARRAY(
      SELECT n.customer_id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (n.customer_id, n.status, n.expires_at) IS DISTINCT FROM (o.customer_id, o.status, o.expires_at)
      UNION
      SELECT o.customer_id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE n.customer_id <> o.customer_id));
  ELSIF TG_TABLE_NAME = 'orders' THEN
    PERFORM customers_refresh_filters(ARRAY(
      SELECT n.customer_id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE n.customer_id <> o.customer_id OR (n.balance_cents > 0) <> (o.balance_cents > 0)
      UNION
      SELECT o.customer_id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE n.customer_id <> o.customer_id));
  ELSE
    PERFORM customers_refresh_filters(ARRAY(
      SELECT n.customer_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.customer_id <> o.customer_id
      UNION
      SELECT o.customer_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.customer_id <> o.customer_id));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER invites_customer_filters_insert AFTER INSERT ON invites
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customers_filters_inserted();
CREATE TRIGGER invites_customer_filters_update AFTER UPDATE ON invites
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION customers_filters_updated();
CREATE TRIGGER invites_customer_filters_delete AFTER DELETE ON invites
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION customers_filters_deleted();
CREATE TRIGGER portal_accounts_customer_filters_insert AFTER INSERT ON portal_accounts
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customers_filters_inserted();
CREATE TRIGGER portal_accounts_customer_filters_update AFTER UPDATE ON portal_accounts
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION customers_filters_updated();
CREATE TRIGGER portal_accounts_customer_filters_delete AFTER DELETE ON portal_accounts
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION customers_filters_deleted();
CREATE TRIGGER orders_customer_filters_insert AFTER INSERT ON orders
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customers_filters_inserted();
CREATE TRIGGER orders_customer_filters_update AFTER UPDATE ON orders
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION customers_filters_updated();
CREATE TRIGGER orders_customer_filters_delete AFTER DELETE ON orders
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION customers_filters_deleted();

SELECT customers_refresh_filters(ARRAY(
  SELECT customer_id FROM portal_accounts
  UNION SELECT customer_id FROM invites WHERE status IN ('queued', 'sent')
  UNION SELECT customer_id FROM orders WHERE balance_cents > 0));

-- A filter that keeps few current customers has its own indexes: list order, carrying the
-- columns a 1–2 character term is compared with (so that such a search reads the index
-- alone), and the trigram index of the search key, each over those customers only.
-- The list-order ones also ask for `sort_name IS NOT NULL` (always true): a 3+ character
-- search leaves that out, so that it cannot walk such an index in full, which the planner,
-- misjudging how common a term is, would otherwise sometimes prefer to the trigram index.
-- "Not invited" keeps most customers and reads the general indexes.
CREATE INDEX customers_in_portal_sort ON customers (yard_id, sort_name, id)
  INCLUDE (first_lower, email_lower, phone_digits) WHERE in_portal AND archived_at IS NULL AND sort_name IS NOT NULL;
CREATE INDEX customers_in_portal_trgm ON customers USING gin (search_key gin_trgm_ops)
  WHERE in_portal AND archived_at IS NULL;
CREATE INDEX customers_invited_sort ON customers (yard_id, sort_name, id)
  INCLUDE (first_lower, email_lower, phone_digits, invite_live_until) WHERE invite_live_until IS NOT NULL AND NOT in_portal AND archived_at IS NULL AND sort_name IS NOT NULL;
CREATE INDEX customers_invited_trgm ON customers USING gin (search_key gin_trgm_ops)
  WHERE invite_live_until IS NOT NULL AND NOT in_portal AND archived_at IS NULL;
CREATE INDEX customers_balance_due_sort ON customers (yard_id, sort_name, id)
  INCLUDE (first_lower, email_lower, phone_digits) WHERE balance_due AND archived_at IS NULL AND sort_name IS NOT NULL;
CREATE INDEX customers_balance_due_trgm ON customers USING gin (search_key gin_trgm_ops)
  WHERE balance_due AND archived_at IS NULL;
CREATE INDEX customers_no_email_sort ON customers (yard_id, sort_name, id)
  INCLUDE (first_lower, email_lower, phone_digits) WHERE coalesce(email, '') = '' AND archived_at IS NULL AND sort_name IS NOT NULL;
CREATE INDEX customers_no_email_trgm ON customers USING gin (search_key gin_trgm_ops)
  WHERE coalesce(email, '') = '' AND archived_at IS NULL;
DROP INDEX customers_archived;
CREATE INDEX customers_archived ON customers (yard_id, sort_name, id)
  INCLUDE (first_lower, email_lower, phone_digits) WHERE archived_at IS NOT NULL AND sort_name IS NOT NULL;
CREATE INDEX customers_archived_trgm ON customers USING gin (search_key gin_trgm_ops)
  WHERE archived_at IS NOT NULL;

