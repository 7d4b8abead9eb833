-- A customer's page reads its payments in one statement (account-data.repo.ts): by the yard
-- and the customer, not by a scan of every payment.
CREATE INDEX payments_customer ON payments (yard_id, customer_id);
