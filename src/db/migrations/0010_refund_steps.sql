-- Refunds through the payment provider in steps: a pending refund is written (and holds
-- its amount back from further refunds of the payment), the provider is asked with no
-- transaction open, then the refund is marked succeeded (and the money moves) or failed.
-- Refunds recorded before this migration were all completed.
ALTER TABLE refunds
  ADD COLUMN status text NOT NULL DEFAULT 'succeeded'
    CHECK (status IN ('pending', 'succeeded', 'failed')),
  -- What the provider was asked with; derived from the refund's id, so asking again is one refund.
  ADD COLUMN idempotency_key text UNIQUE,
  ADD COLUMN failure_message text,
  ADD COLUMN updated_at timestamptz;

CREATE INDEX refunds_pending ON refunds (payment_id, created_at) WHERE status = 'pending';
