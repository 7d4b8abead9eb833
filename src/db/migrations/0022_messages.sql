-- Messages between a customer and the yard (docs/messages.md): one thread per order and one
-- general thread per customer, created with their first message. Read markers per side.
CREATE TABLE message_threads (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  customer_id uuid NOT NULL REFERENCES customers(id),
  -- NULL: the customer's general thread.
  order_id uuid REFERENCES orders(id),
  created_at timestamptz NOT NULL,
  last_message_at timestamptz NOT NULL,
  -- Until when each side has read the thread (NULL: never opened).
  customer_read_at timestamptz,
  staff_read_at timestamptz
);
CREATE UNIQUE INDEX message_threads_order ON message_threads (yard_id, order_id) WHERE order_id IS NOT NULL;
CREATE UNIQUE INDEX message_threads_general ON message_threads (yard_id, customer_id) WHERE order_id IS NULL;
CREATE INDEX message_threads_inbox ON message_threads (yard_id, last_message_at DESC, id DESC);
CREATE INDEX message_threads_customer ON message_threads (yard_id, customer_id, last_message_at DESC);

CREATE TABLE messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  thread_id uuid NOT NULL REFERENCES message_threads(id),
  author text NOT NULL CHECK (author IN ('customer', 'staff')),
  -- The staff member who wrote it (staff messages only).
  staff_id uuid REFERENCES staff_users(id),
  -- The portal account that wrote it (customer messages from the portal).
  account_id uuid REFERENCES portal_accounts(id),
  via text NOT NULL CHECK (via IN ('web', 'email')),
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 8000),
  sent_at timestamptz NOT NULL,
  CHECK ((author = 'staff') = (staff_id IS NOT NULL))
);
CREATE INDEX messages_thread ON messages (thread_id, sent_at, id);

-- Photos and PDFs, kept in PostgreSQL as service-request photos are.
CREATE TABLE message_attachments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  message_id uuid NOT NULL REFERENCES messages(id),
  thread_id uuid NOT NULL REFERENCES message_threads(id),
  position integer NOT NULL,
  file_name text NOT NULL,
  content_type text NOT NULL
    CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp', 'image/heic', 'application/pdf')),
  size_bytes integer NOT NULL CHECK (size_bytes > 0 AND size_bytes <= 10485760),
  data bytea NOT NULL,
  created_at timestamptz NOT NULL,
  UNIQUE (message_id, position)
);
CREATE INDEX message_attachments_thread ON message_attachments (yard_id, thread_id);
