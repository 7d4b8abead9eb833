-- Audit rows about a portal sign-in itself rather than a customer record (docs/audit.md):
-- its passkeys, added or removed by the person or by the yard. entity_id is the portal
-- account; customer_id is the account's own record, NULL for someone with shared access only.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_entity_check;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_entity_check CHECK (entity IN (
  'customer', 'boat', 'order', 'estimate', 'invoice', 'payment', 'staff', 'settings', 'account'
));
