-- Indexes for the keyset-paginated lists of the REST API (/api/v1).

-- GET /api/v1/accounts?sort=updated_at|-updated_at walks this index from the cursor.
CREATE INDEX accounts_updated ON accounts (workspace_id, updated_at, id);

-- Contacts sorted by name: last name, first name, id. Names are optional, and a keyset
-- condition (row comparison) cannot step over NULLs, so the sort key is the lower-cased
-- name with NULL as ''. This index replaces contacts_name, which had the raw NULLable keys.
DROP INDEX contacts_name;
CREATE INDEX contacts_sort_name ON contacts (workspace_id, lower(coalesce(last_name, '')), lower(coalesce(first_name, '')), id);

-- Searches (?q=) ask the planner how many rows a term matches, to choose between walking
-- the sort index and reading the trigram index. Its estimate for LIKE '%term%' comes from
-- the column's histogram: a larger sample resolves terms down to about 0.1 % of the rows.
ALTER TABLE accounts ALTER COLUMN search_text SET STATISTICS 1000;
ALTER TABLE contacts ALTER COLUMN search_text SET STATISTICS 1000;
