-- The analytics (cohort and revenue retention, Kaplan-Meier lifetimes, RFM, the CLV summary) read
-- every account's orders in account order. With these columns in the index they read it alone
-- (an index-only scan, the table in time order is not visited) and aggregate account by account
-- as a stream, instead of hashing all accounts. Same key as before, so every other reader of
-- orders_account is unchanged.
DROP INDEX orders_account;
CREATE INDEX orders_account ON orders (workspace_id, account_id, ordered_at) INCLUDE (status, total, refunded_total);
