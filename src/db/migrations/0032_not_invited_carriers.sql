-- The count of a "not invited" search whose term is inside common names (docs/search.md,
-- "Total"; src/modules/customers/customer-search-carriers.repo.ts). Those customers are
-- spread over hundreds of names, and reading each from the table to check the filter cost
-- 4–12 ms at 1M customers ("lli", "ewart"). These indexes hold only the current customers
-- with an email and no portal account, with the time an invite stops working beside each
-- entry, so a name's "not invited" carriers are counted from the index alone.
CREATE INDEX customers_uninvited_first ON customers (yard_id, first_lower)
  INCLUDE (invite_live_until)
  WHERE archived_at IS NULL AND NOT in_portal AND email <> '';
CREATE INDEX customers_uninvited_last ON customers (yard_id, sort_name)
  INCLUDE (first_lower, invite_live_until)
  WHERE archived_at IS NULL AND NOT in_portal AND email <> '';
