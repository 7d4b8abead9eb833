-- A customer's record linked to a sign-in that had none of its own (a shared-access sign-in
-- the customer's invite was accepted with, docs/shared-access.md) sets portal_accounts.customer_id
-- from NULL: `<>` is not true against NULL, so the Customers list's "in portal" flag was not
-- refreshed. The same function as 0016 with IS DISTINCT FROM where a customer id may be NULL.
CREATE OR REPLACE FUNCTION customers_filters_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'invites' THEN
    PERFORM customers_refresh_filters(ARRAY(
      SELECT n.customer_id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (n.customer_id, n.status, n.expires_at) IS DISTINCT FROM (o.customer_id, o.status, o.expires_at)
      UNION
      SELECT o.customer_id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE n.customer_id IS DISTINCT FROM o.customer_id));
  ELSIF TG_TABLE_NAME = 'orders' THEN
    PERFORM customers_refresh_filters(ARRAY(
      SELECT n.customer_id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE n.customer_id IS DISTINCT FROM o.customer_id OR (n.balance_cents > 0) <> (o.balance_cents > 0)
      UNION
      SELECT o.customer_id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE n.customer_id IS DISTINCT FROM o.customer_id));
  ELSE
    PERFORM customers_refresh_filters(ARRAY(
      SELECT n.customer_id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE n.customer_id IS DISTINCT FROM o.customer_id
      UNION
      SELECT o.customer_id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE n.customer_id IS DISTINCT FROM o.customer_id));
  END IF;
  RETURN NULL;
END $$;

-- Customers linked that way before this migration.
SELECT customers_refresh_filters(ARRAY(
  SELECT a.customer_id FROM portal_accounts a JOIN customers c ON c.id = a.customer_id
  WHERE NOT c.in_portal));
