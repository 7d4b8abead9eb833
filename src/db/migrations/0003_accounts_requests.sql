-- Portal accounts: forgotten passwords, email changes; service requests from the portal.
-- (docs/accounts.md)

-- A reset link: only the SHA-256 of its token is kept. The token is issued by the mail
-- worker at send time (so it never sits in the queue), works once, for one hour.
CREATE TABLE password_resets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  account_id uuid NOT NULL REFERENCES portal_accounts(id),
  email text NOT NULL,
  token_hash text UNIQUE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  consumed_at timestamptz,
  -- A newer link, a completed reset or an email change ends the older links.
  superseded_at timestamptz
);
CREATE INDEX password_resets_account ON password_resets (yard_id, account_id, created_at DESC);

-- A new email address waiting for its owner to confirm it by the link sent to it.
CREATE TABLE email_change_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  account_id uuid NOT NULL REFERENCES portal_accounts(id),
  customer_id uuid NOT NULL REFERENCES customers(id),
  new_email text NOT NULL,
  token_hash text UNIQUE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  consumed_at timestamptz,
  superseded_at timestamptz
);
CREATE INDEX email_change_requests_account ON email_change_requests (yard_id, account_id, created_at DESC);

-- What the customer asked for when requesting service; the order itself is in orders
-- (status 'requested'), so the dashboard and the order history show it at once.
CREATE TABLE service_requests (
  order_id uuid PRIMARY KEY REFERENCES orders(id),
  yard_id uuid NOT NULL REFERENCES yards(id),
  customer_id uuid NOT NULL REFERENCES customers(id),
  account_id uuid REFERENCES portal_accounts(id),
  description text NOT NULL,
  preferred_from date,
  preferred_to date,
  created_at timestamptz NOT NULL,
  CHECK (preferred_to IS NULL OR preferred_from IS NULL OR preferred_to >= preferred_from)
);

-- Photos live in PostgreSQL, so any web process can serve them and backups hold them.
CREATE TABLE service_request_photos (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  order_id uuid NOT NULL REFERENCES service_requests(order_id),
  position integer NOT NULL,
  file_name text NOT NULL,
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp', 'image/heic')),
  size_bytes integer NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 10485760),
  data bytea NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (order_id, position)
);
