-- Slipway schema, version 1. Every yard-owned table carries yard_id; see docs/schema.md.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE app_settings (
  key text PRIMARY KEY,
  value text NOT NULL
);

CREATE TABLE yards (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name text NOT NULL,
  email text,
  phone text,
  address text,
  timezone text NOT NULL DEFAULT 'America/New_York',
  invite_expiry_days integer CHECK (invite_expiry_days BETWEEN 1 AND 90),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE staff_users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  email text NOT NULL,
  name text NOT NULL,
  role text NOT NULL DEFAULT 'staff' CHECK (role IN ('owner', 'manager', 'staff')),
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX staff_users_email ON staff_users (lower(email));
CREATE INDEX staff_users_yard ON staff_users (yard_id);

-- Customer search (src/modules/customers/customer-search.ts, docs/search.md).
-- What "contains" search looks in: name, company, email and phone digits, lower-cased.
CREATE FUNCTION customer_search_text(first_name text, last_name text, company text, email text, phone_digits text)
  RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN lower(first_name || ' ' || last_name || coalesce(' ' || nullif(company, ''), '')
    || coalesce(' ' || nullif(email, ''), '') || coalesce(' ' || nullif(phone_digits, ''), ''));
-- The same text for the trigram index, punctuation spelled with the rare letters q and x
-- ("ava.t@x.com" -> "avaxtqqxxcom"): pg_trgm would otherwise split words there, and a term
-- such as "l.p", "@com", "ll-" or "jo sm" would find only weak word-boundary trigrams and
-- make the search recheck tens of thousands of rows. Letters and digits stay as they are,
-- so for terms without q, x or punctuation a key match is an exact match.
CREATE FUNCTION customer_search_key(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN replace(replace(replace(translate(t, ' .%\_+&,/()#!', 'qxqqxqqqqqqqq'), '@', 'qq'), '-', 'qx'), '''', 'xq');

CREATE TABLE customers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  customer_number integer NOT NULL,
  first_name text NOT NULL DEFAULT '',
  last_name text NOT NULL DEFAULT '',
  company text,
  email text,
  phone text,
  -- E.164 form (+13055550142) and its digits without country code (3055550142), kept by
  -- the application so search matches digits whatever the formatting typed.
  phone_e164 text,
  phone_digits text,
  street text,
  city text,
  state text,
  postal_code text,
  notes text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- "C" collation: byte order, so one btree serves both ORDER BY and LIKE 'prefix%'.
  sort_name text COLLATE "C" GENERATED ALWAYS AS (lower(last_name || ' ' || first_name)) STORED,
  first_lower text COLLATE "C" GENERATED ALWAYS AS (lower(first_name)) STORED,
  email_lower text COLLATE "C" GENERATED ALWAYS AS (lower(email)) STORED,
  -- Stored: computing the key costs microseconds a row, too much to do while searching.
  search_key text GENERATED ALWAYS AS (
    customer_search_key(customer_search_text(first_name, last_name, company, email, phone_digits))
  ) STORED,
  UNIQUE (yard_id, customer_number)
);
-- Search indexes. The list order, and starts-with on the last name (sort_name begins with it).
CREATE INDEX customers_sort ON customers (yard_id, sort_name, id);
-- Starts-with for 1-2 character terms, each already in list order so a page is read
-- straight off the index. The search's expressions must match these exactly.
CREATE INDEX customers_first_p1 ON customers (yard_id, left(first_lower, 1), sort_name, id);
CREATE INDEX customers_first_p2 ON customers (yard_id, left(first_lower, 2), sort_name, id);
CREATE INDEX customers_email_p1 ON customers (yard_id, left(email_lower, 1), sort_name, id);
CREATE INDEX customers_email_p2 ON customers (yard_id, left(email_lower, 2), sort_name, id);
CREATE INDEX customers_phone_p1 ON customers (yard_id, left(phone_digits, 1), sort_name, id);
CREATE INDEX customers_phone_p2 ON customers (yard_id, left(phone_digits, 2), sort_name, id);
-- Contains, for terms of 3+ characters. A finer histogram of the key lets the planner
-- tell a term matching 0.3 % of customers (read the trigram index) from one matching 3 %
-- (scan until the candidate cap is reached); the default target sees only 1 % steps.
CREATE INDEX customers_search_trgm ON customers USING gin (search_key gin_trgm_ops);
ALTER TABLE customers ALTER COLUMN search_key SET STATISTICS 1000;
-- Exact email lookups (bulk invite matching).
CREATE INDEX customers_email ON customers (yard_id, email_lower);

CREATE TABLE boats (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  customer_id uuid NOT NULL REFERENCES customers(id),
  name text NOT NULL,
  make text,
  model text,
  year integer,
  length_ft numeric(5, 1),
  hull_id text,
  slip text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX boats_customer ON boats (yard_id, customer_id);

CREATE TABLE orders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  customer_id uuid NOT NULL REFERENCES customers(id),
  boat_id uuid REFERENCES boats(id),
  number integer NOT NULL,
  title text NOT NULL,
  description text,
  status text NOT NULL CHECK (status IN (
    'requested', 'open_estimate', 'estimate_sent', 'awaiting_acceptance', 'in_progress',
    'deposit_requested', 'partial_payment', 'invoiced', 'paid', 'completed', 'cancelled'
  )),
  opened_at timestamptz NOT NULL DEFAULT now(),
  scheduled_for date,
  completed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (yard_id, number)
);
CREATE INDEX orders_customer ON orders (yard_id, customer_id, opened_at DESC);

CREATE TABLE estimates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  order_id uuid NOT NULL REFERENCES orders(id),
  customer_id uuid NOT NULL REFERENCES customers(id),
  number integer NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'sent', 'accepted', 'declined', 'expired')),
  subtotal_cents integer NOT NULL DEFAULT 0,
  tax_cents integer NOT NULL DEFAULT 0,
  total_cents integer NOT NULL DEFAULT 0,
  sent_at timestamptz,
  responded_at timestamptz,
  valid_until date,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (yard_id, number)
);
CREATE INDEX estimates_customer ON estimates (yard_id, customer_id);
CREATE INDEX estimates_order ON estimates (order_id);

CREATE TABLE invoices (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  order_id uuid NOT NULL REFERENCES orders(id),
  customer_id uuid NOT NULL REFERENCES customers(id),
  number integer NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'open', 'partial', 'paid', 'void')),
  subtotal_cents integer NOT NULL DEFAULT 0,
  tax_cents integer NOT NULL DEFAULT 0,
  total_cents integer NOT NULL DEFAULT 0,
  paid_cents integer NOT NULL DEFAULT 0 CHECK (paid_cents >= 0),
  deposit_cents integer,
  issued_at timestamptz,
  due_on date,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (yard_id, number)
);
CREATE INDEX invoices_customer ON invoices (yard_id, customer_id);
CREATE INDEX invoices_order ON invoices (order_id);

CREATE TABLE line_items (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  estimate_id uuid REFERENCES estimates(id),
  invoice_id uuid REFERENCES invoices(id),
  position integer NOT NULL,
  kind text NOT NULL CHECK (kind IN ('labor', 'part', 'fee', 'discount')),
  description text NOT NULL,
  quantity numeric(10, 2) NOT NULL,
  unit_price_cents integer NOT NULL,
  total_cents integer NOT NULL,
  CHECK ((estimate_id IS NULL) <> (invoice_id IS NULL))
);
CREATE INDEX line_items_estimate ON line_items (estimate_id);
CREATE INDEX line_items_invoice ON line_items (invoice_id);

CREATE TABLE payments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  invoice_id uuid NOT NULL REFERENCES invoices(id),
  customer_id uuid NOT NULL REFERENCES customers(id),
  amount_cents integer NOT NULL CHECK (amount_cents > 0),
  method text NOT NULL,
  reference text,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX payments_invoice ON payments (invoice_id);

CREATE TABLE portal_accounts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  -- One portal account per customer record: the account is bound to the yard's
  -- existing customer, so nothing is copied.
  customer_id uuid NOT NULL UNIQUE REFERENCES customers(id),
  login_email text NOT NULL,
  password_hash text NOT NULL,
  invite_id uuid,
  activated_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX portal_accounts_login ON portal_accounts (yard_id, lower(login_email));

CREATE TABLE invites (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  customer_id uuid NOT NULL REFERENCES customers(id),
  email text NOT NULL,
  status text NOT NULL CHECK (status IN ('queued', 'sent', 'failed', 'accepted', 'superseded', 'revoked')),
  -- SHA-256 of the token, hex. The token itself exists only in the email.
  token_hash text UNIQUE,
  invited_by uuid REFERENCES staff_users(id),
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  expires_at timestamptz,
  consumed_at timestamptz,
  failed_at timestamptz,
  failure_reason text,
  attempts integer NOT NULL DEFAULT 0
);
-- At most one invite waiting for the mail server per customer, whatever the callers do.
CREATE UNIQUE INDEX invites_one_queued ON invites (customer_id) WHERE status = 'queued';
CREATE INDEX invites_customer ON invites (yard_id, customer_id, created_at DESC);

CREATE TABLE portal_events (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  customer_id uuid NOT NULL REFERENCES customers(id),
  invite_id uuid REFERENCES invites(id),
  kind text NOT NULL,
  actor_staff_id uuid REFERENCES staff_users(id),
  detail jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL
);
CREATE INDEX portal_events_customer ON portal_events (yard_id, customer_id, created_at DESC);

CREATE TABLE sessions (
  id_hash text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('staff', 'customer')),
  yard_id uuid NOT NULL REFERENCES yards(id),
  staff_id uuid REFERENCES staff_users(id),
  account_id uuid REFERENCES portal_accounts(id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  CHECK ((kind = 'staff') = (staff_id IS NOT NULL) AND (kind = 'customer') = (account_id IS NOT NULL))
);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE rate_limits (
  key text PRIMARY KEY,
  window_start timestamptz NOT NULL,
  hits integer NOT NULL
);

CREATE TABLE mailbox_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  received_at timestamptz NOT NULL DEFAULT now(),
  mail_from text,
  rcpt_to text NOT NULL,
  subject text,
  text_body text,
  html_body text
);
CREATE INDEX mailbox_received ON mailbox_messages (received_at DESC);
