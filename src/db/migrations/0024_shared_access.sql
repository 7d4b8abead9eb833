-- Shared access (docs/shared-access.md): an owner lets a co-owner, captain or manager into the
-- portal for one boat or all of them, with a role; one sign-in may reach several records.

-- A grantee who is not a customer of the yard has an account without a record of their own.
ALTER TABLE portal_accounts ALTER COLUMN customer_id DROP NOT NULL;
-- The name such an account shows (a customer's account shows the customer's name).
ALTER TABLE portal_accounts ADD COLUMN display_name text;

CREATE TABLE access_grants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  owner_customer_id uuid NOT NULL REFERENCES customers(id),
  email text NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('view', 'approve', 'pay')),
  -- NULL: every boat of the owner, including boats added later.
  boat_id uuid REFERENCES boats(id),
  account_id uuid REFERENCES portal_accounts(id),
  invited_at timestamptz NOT NULL,
  invited_by_account_id uuid REFERENCES portal_accounts(id),
  accepted_at timestamptz,
  revoked_at timestamptz,
  revoked_by_account_id uuid REFERENCES portal_accounts(id),
  revoked_by_staff_id uuid REFERENCES staff_users(id),
  CHECK ((accepted_at IS NULL) = (account_id IS NULL))
);
-- One live grant per owner and address: inviting again changes that grant.
CREATE UNIQUE INDEX access_grants_one_live ON access_grants (owner_customer_id, lower(email))
  WHERE revoked_at IS NULL;
-- Each request of a grantee reads its grant by account and owner.
CREATE INDEX access_grants_account ON access_grants (account_id, owner_customer_id)
  WHERE revoked_at IS NULL;
CREATE INDEX access_grants_owner ON access_grants (yard_id, owner_customer_id, invited_at DESC);

-- A grant's single-use links (the one link store, src/modules/auth/single-use-links.repo.ts).
CREATE TABLE access_invites (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  grant_id uuid NOT NULL REFERENCES access_grants(id),
  email text NOT NULL,
  token_hash text UNIQUE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  consumed_at timestamptz,
  superseded_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX access_invites_grant ON access_invites (grant_id);

-- The record a portal session acts for; NULL = the account's own record.
ALTER TABLE sessions ADD COLUMN acting_customer_id uuid REFERENCES customers(id);

-- Who paid: the account that made an online payment (an owner's or a grantee's).
ALTER TABLE payment_attempts ADD COLUMN account_id uuid REFERENCES portal_accounts(id);
ALTER TABLE payments ADD COLUMN paid_by_account_id uuid REFERENCES portal_accounts(id);
