-- Sessions also end after a stretch without use (docs/security.md, "Sessions and cookies").
-- last_seen_at is written at most every few minutes, not on every request.
ALTER TABLE sessions ADD COLUMN last_seen_at timestamptz;
ALTER TABLE sessions ADD COLUMN idle_seconds integer;
-- Sessions open at upgrade start a fresh idle window rather than all ending at once;
-- their absolute end (expires_at) is unchanged.
UPDATE sessions SET last_seen_at = now(), idle_seconds = 43200;
ALTER TABLE sessions
  ALTER COLUMN last_seen_at SET NOT NULL,
  ALTER COLUMN idle_seconds SET NOT NULL,
  ADD CONSTRAINT sessions_idle_seconds CHECK (idle_seconds > 0);
