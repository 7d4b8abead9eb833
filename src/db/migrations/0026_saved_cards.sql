-- Saved cards (docs/saved-cards.md). Only the provider's ids and what a card shows (brand,
-- last four digits, expiry) are kept; a card number never reaches the database.

-- The customer as the provider knows them (a Stripe Customer), made once per provider.
CREATE TABLE payment_customers (
  yard_id uuid NOT NULL REFERENCES yards(id),
  customer_id uuid NOT NULL REFERENCES customers(id),
  provider text NOT NULL,
  provider_customer_ref text NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (yard_id, customer_id, provider)
);

-- A card being saved: the provider's setup intent, started for one customer.
CREATE TABLE card_setups (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  customer_id uuid NOT NULL REFERENCES customers(id),
  provider text NOT NULL,
  provider_ref text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'declined')),
  failure_message text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX card_setups_customer ON card_setups (yard_id, customer_id, created_at DESC);

CREATE TABLE saved_cards (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  yard_id uuid NOT NULL REFERENCES yards(id),
  customer_id uuid NOT NULL REFERENCES customers(id),
  provider text NOT NULL,
  -- The provider's payment method (Stripe pm_…); never a card number.
  provider_ref text NOT NULL,
  setup_id uuid NOT NULL UNIQUE REFERENCES card_setups(id),
  brand text NOT NULL CHECK (length(brand) BETWEEN 1 AND 40),
  last4 text NOT NULL CHECK (last4 ~ '^[0-9]{4}$'),
  exp_month integer NOT NULL CHECK (exp_month BETWEEN 1 AND 12),
  exp_year integer NOT NULL CHECK (exp_year BETWEEN 2000 AND 2200),
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  -- Removed cards stay for the payments made with them, but are never shown or used again.
  removed_at timestamptz,
  UNIQUE (provider, provider_ref)
);
CREATE INDEX saved_cards_customer ON saved_cards (yard_id, customer_id) WHERE removed_at IS NULL;
-- At most one default card per customer.
CREATE UNIQUE INDEX saved_cards_one_default ON saved_cards (yard_id, customer_id)
  WHERE is_default AND removed_at IS NULL;

-- Which saved card an online attempt charged (null: a card typed in, or the counter).
ALTER TABLE payment_attempts ADD COLUMN saved_card_id uuid REFERENCES saved_cards(id);
