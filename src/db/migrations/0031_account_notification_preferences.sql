-- Which emails someone with shared access only gets (docs/notifications.md): a sign-in with no
-- customer record of its own keeps its choices here; one with a record keeps them on the record
-- (notification_preferences, 0020). No row: every kind is on.
CREATE TABLE account_notification_preferences (
  account_id uuid PRIMARY KEY REFERENCES portal_accounts(id),
  yard_id uuid NOT NULL REFERENCES yards(id),
  job_updates boolean NOT NULL DEFAULT true,
  messages boolean NOT NULL DEFAULT true,
  estimates boolean NOT NULL DEFAULT true,
  invoices boolean NOT NULL DEFAULT true,
  reminders boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);
