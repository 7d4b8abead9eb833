-- A bulk invite's "sent" marks leave the customer row alone; the batch refreshes the
-- customers' filter flags when it settles the marked rows (docs/operations.md, "Bulk
-- invites, sending"; src/modules/bulk-invites/batch-runner.repo.ts).
--
-- Marking a queued invite sent moves the customer's `invite_live_until` from 'infinity' to
-- the link's expiry: the customer is "invited" before and after, only the day it stops
-- being so changes. Rewriting the customer row for it (no HOT update: the column is in the
-- "invited" indexes, so every index of the row, trigram ones included, gets a new entry)
-- was most of a mark's work and of the WAL its commit waits to flush, once per message.
-- A statement that sets `slipway.filters_deferred` to 'on' for its own transaction says
-- that its caller refreshes those customers itself, later and many at once; only the
-- queued -> sent step of the same customer is left out, every other change counts as before.
-- Otherwise the same function as 0029.
CREATE OR REPLACE FUNCTION customers_filters_updated() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  deferred boolean := coalesce(current_setting('slipway.filters_deferred', true), '') = 'on';
BEGIN
  IF TG_TABLE_NAME = 'invites' THEN
    PERFORM customers_refresh_filters(ARRAY(
      SELECT n.customer_id FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (n.customer_id, n.status, n.expires_at) IS DISTINCT FROM (o.customer_id, o.status, o.expires_at)
        AND NOT (deferred AND o.status = 'queued' AND n.status = 'sent' AND n.customer_id = o.customer_id)
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
