-- Bulk portal invites and the yard's invite email template (docs/bulk-invites.md).

-- The yard's wording of the invite email. No row: the default wording.
CREATE TABLE invite_templates (
  yard_id uuid PRIMARY KEY REFERENCES yards(id),
  subject text NOT NULL,
  greeting text NOT NULL,
  body text NOT NULL,
  updated_by uuid REFERENCES staff_users(id),
  updated_at timestamptz NOT NULL
);

-- One upload (or "invite every eligible customer of this search"). `preview` until staff
-- confirm; `running` while the worker sends; `cancelling` until the worker has stopped;
-- then `completed` or `cancelled`. The worker holding `lease_until` drives it; a worker
-- that dies stops renewing the lease and another one resumes the batch.
CREATE TABLE invite_batches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  created_by uuid REFERENCES staff_users(id),
  source text NOT NULL CHECK (source IN ('upload', 'search')),
  -- The file name, or the search words.
  label text NOT NULL,
  status text NOT NULL CHECK (status IN ('preview', 'running', 'cancelling', 'completed', 'cancelled', 'discarded')),
  row_count integer NOT NULL,
  created_at timestamptz NOT NULL,
  confirmed_at timestamptz,
  confirmed_by uuid REFERENCES staff_users(id),
  finished_at timestamptz,
  lease_owner text,
  lease_until timestamptz,
  -- Set while the mail server is unreachable: the batch waits until then, with the reason.
  resume_at timestamptz,
  pause_reason text,
  retry_count integer NOT NULL DEFAULT 0
);
CREATE INDEX invite_batches_yard ON invite_batches (yard_id, created_at DESC);
CREATE INDEX invite_batches_active ON invite_batches (status) WHERE status IN ('running', 'cancelling');

-- Every row of the file as read, the customer it matched, what the preview said and what
-- happened. `result`: pending until the batch reaches it; queued while its invite is on
-- its way to the mail server; then sent, skipped or failed with `result_reason`.
CREATE TABLE invite_batch_rows (
  batch_id uuid NOT NULL REFERENCES invite_batches(id) ON DELETE CASCADE,
  row_number integer NOT NULL,
  yard_id uuid NOT NULL REFERENCES yards(id),
  customer_id uuid REFERENCES customers(id),
  input_number text,
  input_email text,
  input_name text,
  input_phone text,
  preview text NOT NULL CHECK (preview IN (
    'will_invite', 'in_portal', 'too_soon', 'no_email', 'no_match', 'ambiguous', 'invalid_email', 'duplicate'
  )),
  preview_reason text,
  eligible_at timestamptz,
  duplicate_of integer,
  result text NOT NULL DEFAULT 'pending' CHECK (result IN ('pending', 'queued', 'sent', 'skipped', 'failed')),
  result_reason text,
  invite_id uuid REFERENCES invites(id),
  finished_at timestamptz,
  PRIMARY KEY (batch_id, row_number)
);
CREATE INDEX invite_batch_rows_result ON invite_batch_rows (batch_id, result, row_number);
CREATE INDEX invite_batch_rows_preview ON invite_batch_rows (batch_id, preview, row_number);
CREATE INDEX invite_batch_rows_invite ON invite_batch_rows (invite_id) WHERE invite_id IS NOT NULL;
-- Exact phone lookups (bulk invite matching).
CREATE INDEX customers_phone ON customers (yard_id, phone_digits);
