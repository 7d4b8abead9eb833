-- Line-item approval with a signature (docs/estimate-approval.md). The acceptance snapshot
-- keeps who signed (the typed full name), the drawn signature as a compact SVG path in a
-- 600×200 box ("M12 80L15 82…", integers only, parsed and rewritten by the server), and the
-- browser it came from, beside the time, address, lines chosen and totals it already kept.
-- Acceptances from before signatures have none; a signed one has both name and drawing.
ALTER TABLE estimate_acceptances
  ADD COLUMN signer_name text,
  ADD COLUMN signature_path text,
  ADD COLUMN user_agent text,
  ADD CONSTRAINT estimate_acceptances_signed_whole CHECK ((signer_name IS NULL) = (signature_path IS NULL)),
  ADD CONSTRAINT estimate_acceptances_signer_name CHECK (signer_name IS NULL OR length(signer_name) BETWEEN 2 AND 100),
  ADD CONSTRAINT estimate_acceptances_signature_path CHECK (
    signature_path IS NULL OR (length(signature_path) BETWEEN 8 AND 16000 AND signature_path ~ '^M[0-9ML ]+$')
  ),
  ADD CONSTRAINT estimate_acceptances_user_agent CHECK (user_agent IS NULL OR length(user_agent) <= 500);

-- UPDATE and DELETE are refused row by row since 0002 (a customer merge may only move the
-- customer, 0015); TRUNCATE skips row triggers, so it is refused here too.
CREATE FUNCTION estimate_acceptances_not_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'estimate acceptances are a record of what customers agreed to and cannot be truncated';
END $$;
CREATE TRIGGER estimate_acceptances_not_truncated BEFORE TRUNCATE ON estimate_acceptances
  FOR EACH STATEMENT EXECUTE FUNCTION estimate_acceptances_not_truncated();
