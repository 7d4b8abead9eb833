-- Customer search that ranks what staff mean (docs/search.md): exact email or phone first,
-- then names that start with the term, then the rest; filters on portal status, balance due
-- and archive; a total count; and "Did you mean …?" for a term that finds nobody.

-- The yard's distinct first and last names (lower-cased) and how many current (not
-- archived) customers carry each: a few thousand rows per yard, where the typo
-- suggestion's trigram similarity runs, and where a 3+ letter term is expanded to the first
-- names it begins (each then read in list order from customers_first_name). Kept by the
-- statement triggers below, so a bulk import adds each name once per statement.
CREATE TABLE customer_names (
  yard_id uuid NOT NULL REFERENCES yards(id),
  kind text NOT NULL CHECK (kind IN ('first', 'last')),
  name text COLLATE "C" NOT NULL,
  customers integer NOT NULL CHECK (customers >= 0),
  PRIMARY KEY (yard_id, kind, name)
);
CREATE INDEX customer_names_trgm ON customer_names USING gin (name gin_trgm_ops);

CREATE FUNCTION customer_names_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO customer_names (yard_id, kind, name, customers)
  SELECT n.yard_id, k.kind, k.name, count(*) FROM new_rows n,
    LATERAL (VALUES ('first', lower(n.first_name)), ('last', lower(n.last_name))) k(kind, name)
  WHERE n.archived_at IS NULL AND k.name <> ''
  GROUP BY 1, 2, 3
  ON CONFLICT (yard_id, kind, name) DO UPDATE SET customers = customer_names.customers + excluded.customers;
  RETURN NULL;
END $$;
CREATE FUNCTION customer_names_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH gone AS (
    SELECT o.yard_id, k.kind, k.name, count(*)::int AS n FROM old_rows o,
      LATERAL (VALUES ('first', lower(o.first_name)), ('last', lower(o.last_name))) k(kind, name)
    WHERE o.archived_at IS NULL AND k.name <> ''
    GROUP BY 1, 2, 3
  ), emptied AS (
    DELETE FROM customer_names c USING gone
    WHERE (c.yard_id, c.kind, c.name) = (gone.yard_id, gone.kind, gone.name) AND c.customers <= gone.n
  )
  UPDATE customer_names c SET customers = c.customers - gone.n FROM gone
  WHERE (c.yard_id, c.kind, c.name) = (gone.yard_id, gone.kind, gone.name) AND c.customers > gone.n;
  RETURN NULL;
END $$;
-- Only rows whose names or archive state changed count: an edit of an address or a
-- timestamp writes nothing here (and takes no lock on a name shared with other customers).
CREATE FUNCTION customer_names_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Add first: a name renamed to itself never drops to zero in between.
  INSERT INTO customer_names (yard_id, kind, name, customers)
  SELECT n.yard_id, k.kind, k.name, count(*) FROM new_rows n,
    LATERAL (VALUES ('first', lower(n.first_name)), ('last', lower(n.last_name))) k(kind, name)
  WHERE n.archived_at IS NULL AND k.name <> ''
    AND NOT EXISTS (SELECT 1 FROM old_rows o WHERE o.id = n.id AND o.yard_id = n.yard_id
      AND lower(o.first_name) = lower(n.first_name) AND lower(o.last_name) = lower(n.last_name)
      AND o.archived_at IS NULL)
  GROUP BY 1, 2, 3
  ON CONFLICT (yard_id, kind, name) DO UPDATE SET customers = customer_names.customers + excluded.customers;
  WITH gone AS (
    SELECT o.yard_id, k.kind, k.name, count(*)::int AS n FROM old_rows o,
      LATERAL (VALUES ('first', lower(o.first_name)), ('last', lower(o.last_name))) k(kind, name)
    WHERE o.archived_at IS NULL AND k.name <> ''
      AND NOT EXISTS (SELECT 1 FROM new_rows n WHERE n.id = o.id AND n.yard_id = o.yard_id
        AND lower(n.first_name) = lower(o.first_name) AND lower(n.last_name) = lower(o.last_name)
        AND n.archived_at IS NULL)
    GROUP BY 1, 2, 3
  ), emptied AS (
    DELETE FROM customer_names c USING gone
    WHERE (c.yard_id, c.kind, c.name) = (gone.yard_id, gone.kind, gone.name) AND c.customers <= gone.n
  )
  UPDATE customer_names c SET customers = c.customers - gone.n FROM gone
  WHERE (c.yard_id, c.kind, c.name) = (gone.yard_id, gone.kind, gone.name) AND c.customers > gone.n;
  RETURN NULL;
END $$;
CREATE TRIGGER customers_names_insert AFTER INSERT ON customers
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_names_add();
CREATE TRIGGER customers_names_update AFTER UPDATE ON customers
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION customer_names_change();
CREATE TRIGGER customers_names_delete AFTER DELETE ON customers
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION customer_names_remove();

INSERT INTO customer_names (yard_id, kind, name, customers)
SELECT c.yard_id, k.kind, k.name, count(*) FROM customers c,
  LATERAL (VALUES ('first', lower(c.first_name)), ('last', lower(c.last_name))) k(kind, name)
WHERE c.archived_at IS NULL AND k.name <> ''
GROUP BY 1, 2, 3;

-- A first name the term expands to, read in list order.
CREATE INDEX customers_first_name ON customers (yard_id, first_lower, sort_name, id);
-- Exact phone match whatever the formatting: national digits.
CREATE INDEX customers_phone_exact ON customers (yard_id, phone_digits) WHERE phone_digits IS NOT NULL;
-- The archived filter reads only the archived, in list order.
CREATE INDEX customers_archived ON customers (yard_id, sort_name, id) WHERE archived_at IS NOT NULL;
-- Balance due: a customer with an order whose open invoices still ask for money.
CREATE INDEX orders_customer_balance ON orders (customer_id) WHERE balance_cents > 0;
-- Portal status per customer: accounts are unique per customer; live invites.
CREATE INDEX invites_customer_live ON invites (customer_id) WHERE status IN ('queued', 'sent');
