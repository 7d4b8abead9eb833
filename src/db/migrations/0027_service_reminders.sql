-- Service reminders (docs/reminders.md): the yard defines what to remind customers of and
-- when — a day each year, every few months, or every so many engine hours — and a scheduled
-- job mails each boat's customer once per occurrence.
CREATE TABLE service_reminders (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  message text NOT NULL DEFAULT '' CHECK (length(message) <= 2000),
  -- What the customer is invited to request: the request page's title.
  service text NOT NULL CHECK (length(service) BETWEEN 1 AND 200),
  catalog_job_id uuid REFERENCES catalog_jobs(id),
  rule text NOT NULL CHECK (rule IN ('yearly', 'interval', 'engine_hours')),
  month integer CHECK (month BETWEEN 1 AND 12),
  day integer CHECK (day BETWEEN 1 AND 31),
  interval_months integer CHECK (interval_months BETWEEN 1 AND 60),
  starts_on date,
  hours_interval integer CHECK (hours_interval BETWEEN 1 AND 100000),
  -- Only boats with this yard status; NULL: every boat of the yard.
  boat_status text
    CHECK (boat_status IN ('in_water', 'hauled', 'on_hard', 'in_shop', 'in_paint', 'launched', 'in_storage')),
  paused_at timestamptz,
  created_by uuid REFERENCES staff_users(id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  -- When the scheduled job last looked at this reminder.
  last_run_at timestamptz,
  CHECK (
    (rule = 'yearly' AND month IS NOT NULL AND day IS NOT NULL)
    OR (rule = 'interval' AND interval_months IS NOT NULL AND starts_on IS NOT NULL)
    OR (rule = 'engine_hours' AND hours_interval IS NOT NULL)
  )
);
CREATE INDEX service_reminders_yard ON service_reminders (yard_id, created_at);
-- The scan walks the yards that have a live reminder.
CREATE INDEX service_reminders_live ON service_reminders (yard_id) WHERE paused_at IS NULL;

-- One row per reminder × boat × period, claimed (inserted) before the mail is queued: the
-- unique key is what makes two scans at once, or a scan run again after a crash, mail once.
CREATE TABLE reminder_occurrences (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  reminder_id uuid NOT NULL REFERENCES service_reminders(id),
  boat_id uuid NOT NULL REFERENCES boats(id),
  customer_id uuid NOT NULL REFERENCES customers(id),
  -- The due date ('2026-10-01') of a date rule, or 'hours:300' for an engine-hours rule.
  period text NOT NULL,
  engine_hours numeric(8, 1),
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'skipped', 'failed')),
  reason text,
  email text,
  claimed_at timestamptz NOT NULL,
  settled_at timestamptz,
  UNIQUE (reminder_id, boat_id, period)
);
CREATE INDEX reminder_occurrences_reminder ON reminder_occurrences (yard_id, reminder_id, claimed_at DESC);
CREATE INDEX reminder_occurrences_boat ON reminder_occurrences (yard_id, boat_id, claimed_at DESC);
