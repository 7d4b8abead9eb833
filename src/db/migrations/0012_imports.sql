-- Importing customers and boats from another system (docs/import.md): the upload's rows
-- staged with what the preview decided, one unit per customer for the worker, and each
-- yard's column mappings remembered by the file's header.
CREATE TABLE import_mappings (
  yard_id uuid NOT NULL REFERENCES yards(id),
  -- The file's normalised header labels, in order, joined by '|' (and '||' between two files).
  header_key text NOT NULL,
  mapping jsonb NOT NULL,
  updated_by uuid REFERENCES staff_users(id),
  updated_at timestamptz NOT NULL,
  PRIMARY KEY (yard_id, header_key)
);

CREATE TABLE import_jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  created_by uuid REFERENCES staff_users(id),
  label text NOT NULL,
  status text NOT NULL CHECK (status IN ('staging', 'mapping', 'preview', 'running', 'completed', 'discarded')),
  -- { "customers": [labels], "boats": [labels] | null }
  headers jsonb NOT NULL,
  -- { "customers": [field | null per column], "boats": [...] | null }
  mapping jsonb NOT NULL,
  row_count integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  confirmed_at timestamptz,
  confirmed_by uuid REFERENCES staff_users(id),
  finished_at timestamptz,
  lease_owner text,
  lease_until timestamptz
);
CREATE INDEX import_jobs_yard ON import_jobs (yard_id, created_at DESC);
CREATE INDEX import_jobs_running ON import_jobs (status) WHERE status = 'running';

CREATE TABLE import_rows (
  import_id uuid NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
  yard_id uuid NOT NULL REFERENCES yards(id),
  file text NOT NULL CHECK (file IN ('customers', 'boats')),
  row_number integer NOT NULL,
  -- The cells as the file holds them (strings, null, or { "problem": sentence }).
  cells jsonb NOT NULL,
  -- Set by the preview.
  unit_row integer,
  outcome text CHECK (outcome IN ('create', 'update', 'no_change', 'duplicate', 'invalid')),
  reason text,
  -- The values to write: { customer: {...}, boat: {...} | null }.
  data jsonb,
  customer_id uuid REFERENCES customers(id),
  boat_id uuid REFERENCES boats(id),
  PRIMARY KEY (import_id, file, row_number)
);
CREATE INDEX import_rows_unit ON import_rows (import_id, unit_row);
CREATE INDEX import_rows_outcome ON import_rows (import_id, outcome, file, row_number);

-- One customer with their boats: written in one transaction, marked done in the same one.
CREATE TABLE import_units (
  import_id uuid NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
  unit_row integer NOT NULL,
  yard_id uuid NOT NULL REFERENCES yards(id),
  -- The number a new customer gets: the file's, or one handed out at confirmation.
  customer_number integer,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed')),
  result text CHECK (result IN ('created', 'updated', 'unchanged')),
  reason text,
  customer_id uuid REFERENCES customers(id),
  boats_created integer NOT NULL DEFAULT 0,
  boats_updated integer NOT NULL DEFAULT 0,
  finished_at timestamptz,
  PRIMARY KEY (import_id, unit_row)
);
CREATE INDEX import_units_pending ON import_units (import_id, status, unit_row);
