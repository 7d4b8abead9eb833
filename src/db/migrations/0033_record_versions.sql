-- A version per customer record, replaced in the transaction of every write to a row that the
-- portal's `/me` or the staff profile shows (docs/page-cache.md). Each web process keeps the
-- pages it built beside the version they were read at, and reads the version with the session:
-- the same version means the same page. A version is a random value, never a count: a
-- failed-over standby or a restored backup that lacks the last writes cannot arrive at a
-- version a process saw for other rows. A writer replaces it under the row's lock, so two
-- writers of one record take turns and a reader never sees a newer version with an older page.
-- No row: nothing was written since this migration. A yard's own row (its id) versions what a
-- page shows of the yard's staff (their names on a timeline).
CREATE TABLE record_versions (
  customer_id uuid PRIMARY KEY,
  version uuid NOT NULL DEFAULT gen_random_uuid()
);

-- Gives these records new versions, in one order (two statements of overlapping records lock
-- them in the same order).
CREATE FUNCTION record_versions_raise(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO record_versions AS v (customer_id)
  SELECT DISTINCT id FROM unnest(ids) AS id WHERE id IS NOT NULL ORDER BY id
  ON CONFLICT (customer_id) DO UPDATE SET version = gen_random_uuid();
$$;

-- The rows of tables with a `customer_id`: the records of the rows written (both, when a row
-- moved from one record to another: a merge, a boat that changed hands). A boat's rename also
-- reaches the records whose orders are on it (its name shows on them).
CREATE FUNCTION record_versions_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM record_versions_raise(ARRAY(SELECT customer_id FROM new_rows));
  RETURN NULL;
END $$;
CREATE FUNCTION record_versions_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'boats' THEN
    PERFORM record_versions_raise(ARRAY(
      SELECT customer_id FROM new_rows UNION SELECT customer_id FROM old_rows
      UNION SELECT o.customer_id FROM new_rows n JOIN old_rows b ON b.id = n.id
        JOIN orders o ON o.yard_id = n.yard_id AND o.boat_id = n.id
      WHERE n.name IS DISTINCT FROM b.name));
  ELSE
    PERFORM record_versions_raise(ARRAY(
      SELECT customer_id FROM new_rows UNION SELECT customer_id FROM old_rows));
  END IF;
  RETURN NULL;
END $$;
CREATE FUNCTION record_versions_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM record_versions_raise(ARRAY(SELECT customer_id FROM old_rows));
  RETURN NULL;
END $$;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['boats', 'orders', 'estimates', 'invoices', 'payments',
    'notification_preferences', 'portal_accounts', 'invites', 'portal_events', 'customer_contacts']
  LOOP
    EXECUTE format('CREATE TRIGGER %1$s_record_versions_insert AFTER INSERT ON %1$s
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION record_versions_inserted()', t);
    EXECUTE format('CREATE TRIGGER %1$s_record_versions_update AFTER UPDATE ON %1$s
      REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION record_versions_updated()', t);
    EXECUTE format('CREATE TRIGGER %1$s_record_versions_delete AFTER DELETE ON %1$s
      REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION record_versions_deleted()', t);
  END LOOP;
END $$;

-- A line item is on an estimate or an invoice, which names the record.
CREATE FUNCTION record_versions_of_documents(estimate_ids uuid[], invoice_ids uuid[]) RETURNS void
LANGUAGE sql AS $$
  SELECT record_versions_raise(ARRAY(
    SELECT customer_id FROM estimates WHERE id = ANY(estimate_ids)
    UNION SELECT customer_id FROM invoices WHERE id = ANY(invoice_ids)));
$$;
CREATE FUNCTION record_versions_line_items() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM record_versions_of_documents(
      ARRAY(SELECT estimate_id FROM new_rows), ARRAY(SELECT invoice_id FROM new_rows));
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM record_versions_of_documents(
      ARRAY(SELECT estimate_id FROM old_rows), ARRAY(SELECT invoice_id FROM old_rows));
  ELSE
    PERFORM record_versions_of_documents(
      ARRAY(SELECT estimate_id FROM new_rows UNION SELECT estimate_id FROM old_rows),
      ARRAY(SELECT invoice_id FROM new_rows UNION SELECT invoice_id FROM old_rows));
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER line_items_record_versions_insert AFTER INSERT ON line_items
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION record_versions_line_items();
CREATE TRIGGER line_items_record_versions_update AFTER UPDATE ON line_items
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION record_versions_line_items();
CREATE TRIGGER line_items_record_versions_delete AFTER DELETE ON line_items
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION record_versions_line_items();

-- A customer row is its own record's page, and the "merged into" line of the records merged
-- into it.
CREATE INDEX customers_merged_into ON customers (merged_into) WHERE merged_into IS NOT NULL;
CREATE FUNCTION record_versions_customers() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM record_versions_raise(ARRAY(
    SELECT id FROM new_rows
    UNION SELECT m.id FROM customers m JOIN new_rows n ON m.merged_into = n.id));
  RETURN NULL;
END $$;
CREATE TRIGGER customers_record_versions_update AFTER UPDATE ON customers
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION record_versions_customers();

-- A staff member's name shows on the timeline entries they wrote: the yard's own version.
CREATE FUNCTION record_versions_staff_names() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM record_versions_raise(ARRAY(
    SELECT n.yard_id FROM new_rows n JOIN old_rows s ON s.id = n.id
    WHERE n.name IS DISTINCT FROM s.name));
  RETURN NULL;
END $$;
CREATE TRIGGER staff_users_record_versions_names AFTER UPDATE ON staff_users
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION record_versions_staff_names();
