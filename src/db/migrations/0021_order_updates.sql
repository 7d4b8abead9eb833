-- What the yard posts on an order as the work goes (docs/job-updates.md): a few lines of
-- text and up to six photos, for the customer's order page, boat page and email.
CREATE TABLE order_updates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  order_id uuid NOT NULL REFERENCES orders(id),
  customer_id uuid NOT NULL REFERENCES customers(id),
  -- The order's boat when the update was posted (the boat page lists by it).
  boat_id uuid REFERENCES boats(id),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  posted_by uuid NOT NULL REFERENCES staff_users(id),
  posted_at timestamptz NOT NULL
);
CREATE INDEX order_updates_order ON order_updates (yard_id, order_id, posted_at DESC);
CREATE INDEX order_updates_boat ON order_updates (yard_id, boat_id, posted_at DESC) WHERE boat_id IS NOT NULL;
CREATE INDEX order_updates_customer ON order_updates (yard_id, customer_id);

-- Photos live in PostgreSQL, as service_request_photos do.
CREATE TABLE order_update_photos (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  update_id uuid NOT NULL REFERENCES order_updates(id),
  order_id uuid NOT NULL REFERENCES orders(id),
  position integer NOT NULL,
  file_name text NOT NULL,
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp', 'image/heic')),
  size_bytes integer NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 10485760),
  data bytea NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (update_id, position)
);
CREATE INDEX order_update_photos_order ON order_update_photos (yard_id, order_id);
