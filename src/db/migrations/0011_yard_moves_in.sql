-- A real yard moves in: its settings, its staff and their roles, customers and boats kept
-- by hand, and the audit log. (docs/yards.md, docs/audit.md)

-- Yards: money, lengths and phone numbers the yard's way; the logo lives in yard_logos so
-- that reading a yard (every request) never drags an image along.
ALTER TABLE yards
  ADD COLUMN currency text NOT NULL DEFAULT 'USD' CHECK (currency ~ '^[A-Z]{3}$'),
  ADD COLUMN length_unit text NOT NULL DEFAULT 'ft' CHECK (length_unit IN ('ft', 'm')),
  ADD COLUMN phone_country text NOT NULL DEFAULT 'US' CHECK (phone_country ~ '^[A-Z]{2}$'),
  ADD COLUMN logo_updated_at timestamptz;
CREATE TABLE yard_logos (
  yard_id uuid PRIMARY KEY REFERENCES yards(id),
  content_type text NOT NULL CHECK (content_type IN ('image/png', 'image/jpeg', 'image/webp')),
  bytes bytea NOT NULL,
  updated_at timestamptz NOT NULL
);

-- Staff roles (docs/yards.md, "Roles"): owner, office, technician, viewer. The two earlier
-- working roles could do what the office does now.
ALTER TABLE staff_users DROP CONSTRAINT staff_users_role_check;
UPDATE staff_users SET role = 'office' WHERE role IN ('manager', 'staff');
ALTER TABLE staff_users ADD CONSTRAINT staff_users_role_check
  CHECK (role IN ('owner', 'office', 'technician', 'viewer'));
ALTER TABLE staff_users ALTER COLUMN role SET DEFAULT 'office';
-- An invited staff member has no password until they follow their link.
ALTER TABLE staff_users ALTER COLUMN password_hash DROP NOT NULL;
ALTER TABLE staff_users
  ADD COLUMN invited_by uuid REFERENCES staff_users(id),
  ADD COLUMN invited_at timestamptz,
  ADD COLUMN deactivated_at timestamptz;

-- A staff member's link to pick a password: a yard owner's first one (from `slipway yard
-- create`) or an invited colleague's. A single-use link like the portal's (tokens hashed).
CREATE TABLE staff_invites (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  staff_id uuid NOT NULL REFERENCES staff_users(id),
  token_hash text UNIQUE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  consumed_at timestamptz,
  superseded_at timestamptz
);
CREATE INDEX staff_invites_staff ON staff_invites (yard_id, staff_id, created_at DESC);

-- A technician sees the orders assigned to them and the customers and boats on those.
ALTER TABLE orders ADD COLUMN assigned_to uuid REFERENCES staff_users(id);
CREATE INDEX orders_assigned ON orders (yard_id, assigned_to) WHERE assigned_to IS NOT NULL;

-- Customers: the primary email and phone stay on the row (search, invites); more of each
-- in customer_contacts. Archived customers keep every record but leave lists and search.
ALTER TABLE customers
  ADD COLUMN phone_type text CHECK (phone_type IN ('mobile', 'home', 'work', 'other')),
  ADD COLUMN archived_at timestamptz,
  -- Set on the customer merged away; it is archived and points at the one kept.
  ADD COLUMN merged_into uuid REFERENCES customers(id);
CREATE INDEX customers_phone_e164 ON customers (yard_id, phone_e164) WHERE phone_e164 IS NOT NULL;
CREATE TABLE customer_contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  customer_id uuid NOT NULL REFERENCES customers(id),
  kind text NOT NULL CHECK (kind IN ('email', 'phone')),
  label text NOT NULL DEFAULT 'other' CHECK (label IN ('mobile', 'home', 'work', 'other')),
  value text NOT NULL,
  phone_e164 text,
  position integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_contacts_customer ON customer_contacts (yard_id, customer_id, position);
CREATE INDEX customer_contacts_email ON customer_contacts (yard_id, lower(value)) WHERE kind = 'email';
CREATE INDEX customer_contacts_phone ON customer_contacts (yard_id, phone_e164) WHERE kind = 'phone';

-- Boats: dimensions kept in feet (two decimals: a metre value survives the round trip to
-- the centimetre), shown in the yard's unit; where the boat is; engines in a table.
ALTER TABLE boats ALTER COLUMN length_ft TYPE numeric(6, 2);
ALTER TABLE boats
  ADD COLUMN beam_ft numeric(6, 2),
  ADD COLUMN draft_ft numeric(6, 2),
  ADD COLUMN registration text,
  ADD COLUMN location_kind text CHECK (location_kind IN ('slip', 'rack', 'yard')),
  ADD COLUMN notes text,
  ADD COLUMN archived_at timestamptz,
  ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
CREATE TABLE boat_engines (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  boat_id uuid NOT NULL REFERENCES boats(id),
  position integer NOT NULL DEFAULT 0,
  make text,
  model text,
  serial text,
  hours numeric(8, 1) CHECK (hours >= 0),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX boat_engines_boat ON boat_engines (yard_id, boat_id, position);

-- The audit log (docs/audit.md): one row per change, written in the change's transaction,
-- never changed or removed afterwards; the trigger below refuses it to everyone.
CREATE TABLE audit_log (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  at timestamptz NOT NULL,
  actor_kind text NOT NULL CHECK (actor_kind IN ('staff', 'customer', 'system')),
  actor_staff_id uuid REFERENCES staff_users(id),
  actor_account_id uuid REFERENCES portal_accounts(id),
  -- The name as it was then: a later rename does not rewrite history.
  actor_name text,
  ip text,
  entity text NOT NULL CHECK (entity IN (
    'customer', 'boat', 'order', 'estimate', 'invoice', 'payment', 'staff', 'settings'
  )),
  entity_id uuid,
  -- Where the row is shown: the customer's and the order's page.
  customer_id uuid REFERENCES customers(id),
  order_id uuid REFERENCES orders(id),
  action text NOT NULL,
  -- { field: { "before": …, "after": … } } for the fields the change touched.
  changes jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_yard ON audit_log (yard_id, at DESC, id DESC);
CREATE INDEX audit_log_customer ON audit_log (yard_id, customer_id, at DESC) WHERE customer_id IS NOT NULL;
CREATE INDEX audit_log_order ON audit_log (yard_id, order_id, at DESC) WHERE order_id IS NOT NULL;
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is refused', TG_OP USING ERRCODE = '55000';
END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
