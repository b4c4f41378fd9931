-- Where a term begins many account names, a first page in name order is those names' first
-- rows and any match outside them that sorts before. These two indexes find the matches
-- outside them without reading the names that begin with the term (keysetSearchPage's
-- `outside`; the term has no space, so it lies within one field of search_text):
-- * accounts_search_rest: trigrams of the search text with each field's first character left
--   out of the name and the domain (a domain often begins as its name does). It finds a term
--   inside a name or a domain, or anywhere in the external id.
-- * accounts_domain_start: the domains that begin with the term, for the names that do not;
--   it holds the name, so that check needs no table row (an index-only scan).
-- At 1M accounts, 8,603 names beginning with "rantan", each with a domain "rantanen...",
-- no other match: the trigram index gives 732 candidates, 0 matches (11 ms cold), the domain
-- index 8,603 entries, 0 matches (3.2 ms), against 8,603 table rows read through
-- accounts_search (17-29 ms warm).
CREATE INDEX accounts_search_rest ON accounts
  USING gin ((substr(lower(name), 2) || ' ' || substr(lower(coalesce(domain, '')), 2) || ' ' || lower(coalesce(external_id, ''))) gin_trgm_ops);
ALTER INDEX accounts_search_rest ALTER COLUMN 1 SET STATISTICS 1000;
CREATE INDEX accounts_domain_start ON accounts (workspace_id, lower(domain) text_pattern_ops) INCLUDE (domain, name, id);
