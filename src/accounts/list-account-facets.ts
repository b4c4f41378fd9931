import type { Queryable } from '../db/database.js';

export interface FacetValue {
  value: string;
  count: number;
}

export interface AccountFacets {
  countries: FacetValue[];
  industries: FacetValue[];
  owners: FacetValue[];
}

const MAX_VALUES = 100;

/**
 * The most common countries, industries and owners of a workspace's accounts with their
 * counts (for the filter menus), most frequent first. One pass over the workspace's
 * accounts counts all three (grouping sets); exact counts cost a scan, which at a million
 * accounts takes a few hundred milliseconds, so the web app loads them beside the list.
 */
export async function listAccountFacets(db: Queryable, workspaceId: number): Promise<AccountFacets> {
  const rows = await db.query<{ facet: keyof AccountFacets; value: string; count: number }>(
    `SELECT facet, value, count FROM (
       SELECT CASE GROUPING(country, industry, owner) WHEN 3 THEN 'countries' WHEN 5 THEN 'industries' ELSE 'owners' END AS facet,
              coalesce(country, industry, owner) AS value,
              count(*) AS count,
              row_number() OVER (PARTITION BY GROUPING(country, industry, owner)
                                 ORDER BY count(*) DESC, coalesce(country, industry, owner)) AS rank
         FROM accounts
        WHERE workspace_id = $1
        GROUP BY GROUPING SETS ((country), (industry), (owner))
       HAVING coalesce(country, industry, owner) IS NOT NULL
     ) f
     WHERE rank <= ${MAX_VALUES}
     ORDER BY facet, rank`,
    [workspaceId],
  );
  const facets: AccountFacets = { countries: [], industries: [], owners: [] };
  for (const row of rows) facets[row.facet].push({ value: row.value, count: row.count });
  return facets;
}
