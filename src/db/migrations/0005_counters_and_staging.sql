-- Per-yard numbering without locking the yard row, and bulk invites written in short
-- transactions (docs/schema.md, docs/security.md).

-- The last number handed out per yard and kind. Taken by one upsert in its own statement,
-- outside the transaction that uses it, so the row is locked for microseconds and no other
-- work of the yard ever waits on it; a rolled-back transaction leaves a gap, as a sequence does.
CREATE TABLE yard_counters (
  yard_id uuid NOT NULL REFERENCES yards(id),
  kind text NOT NULL CHECK (kind IN ('order', 'estimate', 'invoice')),
  last_value integer NOT NULL,
  PRIMARY KEY (yard_id, kind)
);
INSERT INTO yard_counters (yard_id, kind, last_value)
  SELECT yard_id, 'order', max(number) FROM orders GROUP BY yard_id;
INSERT INTO yard_counters (yard_id, kind, last_value)
  SELECT yard_id, 'estimate', max(number) FROM estimates GROUP BY yard_id;
INSERT INTO yard_counters (yard_id, kind, last_value)
  SELECT yard_id, 'invoice', max(number) FROM invoices GROUP BY yard_id;

-- `preparing`: the rows of an upload are being matched and written a thousand at a time;
-- the batch is shown to nobody until it turns `preview`, and is deleted if reading fails.
ALTER TABLE invite_batches DROP CONSTRAINT invite_batches_status_check;
ALTER TABLE invite_batches ADD CONSTRAINT invite_batches_status_check
  CHECK (status IN ('preparing', 'preview', 'running', 'cancelling', 'completed', 'cancelled', 'discarded'));
