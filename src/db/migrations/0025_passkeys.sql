-- Passkeys of portal accounts (docs/passkeys.md): WebAuthn credentials a signed-in customer
-- adds from the account page and signs in with instead of a password. A credential belongs
-- to one account of one yard: sign-in looks it up by (yard_id, credential_id), so a passkey
-- made at one yard's portal never opens another yard's, although they share the RP ID.
CREATE TABLE passkeys (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  account_id uuid NOT NULL REFERENCES portal_accounts(id),
  -- base64url, as the browser reports it (at most 1,023 bytes by the WebAuthn spec).
  credential_id text NOT NULL CHECK (length(credential_id) BETWEEN 1 AND 1400),
  -- The COSE public key; the private key never leaves the customer's device.
  public_key bytea NOT NULL,
  -- The authenticator's signature counter (unsigned 32-bit); 0 for most passkeys.
  counter bigint NOT NULL DEFAULT 0 CHECK (counter >= 0),
  transports jsonb NOT NULL DEFAULT '[]',
  -- The WebAuthn user handle given at registration (base64url): checked at sign-in.
  user_handle text NOT NULL,
  device_type text NOT NULL CHECK (device_type IN ('singleDevice', 'multiDevice')),
  backed_up boolean NOT NULL,
  aaguid text NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  created_at timestamptz NOT NULL,
  last_used_at timestamptz,
  UNIQUE (yard_id, credential_id)
);
CREATE INDEX passkeys_account ON passkeys (yard_id, account_id, created_at);

-- Challenges handed to the browser, kept only as their SHA-256, used once (deleted by the
-- request that answers them) and valid for five minutes. A registration's challenge is
-- bound to the account and the session that asked for it.
CREATE TABLE passkey_challenges (
  challenge_hash text PRIMARY KEY,
  yard_id uuid NOT NULL REFERENCES yards(id),
  purpose text NOT NULL CHECK (purpose IN ('register', 'sign_in')),
  account_id uuid REFERENCES portal_accounts(id),
  session_hash text,
  user_handle text,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  CHECK ((purpose = 'register') = (account_id IS NOT NULL AND session_hash IS NOT NULL AND user_handle IS NOT NULL))
);
CREATE INDEX passkey_challenges_expiry ON passkey_challenges (expires_at);
