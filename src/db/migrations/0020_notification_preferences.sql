-- Which emails a customer gets (docs/notifications.md). No row: every kind is on. Mail that
-- answers the customer's own action or keeps their account safe (receipts, password and
-- sign-in mail, invites) is not a preference and always goes out.
CREATE TABLE notification_preferences (
  customer_id uuid PRIMARY KEY REFERENCES customers(id),
  yard_id uuid NOT NULL REFERENCES yards(id),
  job_updates boolean NOT NULL DEFAULT true,
  messages boolean NOT NULL DEFAULT true,
  estimates boolean NOT NULL DEFAULT true,
  invoices boolean NOT NULL DEFAULT true,
  reminders boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notification_preferences_yard ON notification_preferences (yard_id, customer_id);
