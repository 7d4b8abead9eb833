-- Why a pending email change stopped working when it was not replaced by a newer request:
-- the account's password was changed or reset (account-settings.service.ts), so the link
-- can say so instead of "replaced by a newer request".
ALTER TABLE email_change_requests
  ADD COLUMN cancelled_reason text
    CHECK (cancelled_reason IN ('password_changed', 'password_reset'));
