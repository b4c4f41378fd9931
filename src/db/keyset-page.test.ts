import { beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../errors/app-error.js';
import { describeEachDatabase } from '../testing/test-database.js';
import { decodeCursor, encodeCursor, type KeysetOrder } from './keyset-cursor.js';
import { containsPattern, keysetPage, keysetSearchPage, type KeysetSource, type SearchOptions } from './keyset-page.js';
import type { Queryable } from './database.js';
import type { SqlParams } from './sql-params.js';

const byName: KeysetOrder = {
  sort: 'test:name',
  keys: [
    { sql: 'lower(a.name)', type: 'text' },
    { sql: 'a.id', type: 'bigint' },
  ],
  direction: 'asc',
};
const byCreatedDesc: KeysetOrder = {
  sort: 'test:-created_at',
  keys: [
    { sql: 'a.created_at', type: 'timestamptz' },
    { sql: 'a.id', type: 'bigint' },
  ],
  direction: 'desc',
};

describe('keyset cursor', () => {
  it('round-trips the keys of its own sort', () => {
    const cursor = encodeCursor(byCreatedDesc, ['2024-01-01T00:00:00.000001Z', 42]);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(byCreatedDesc, cursor)).toEqual(['2024-01-01T00:00:00.000001Z', 42]);
  });

  it('refuses a cursor of another sort, of the wrong shape or not base64url JSON, naming cursor', () => {
    const attempts = [
      encodeCursor(byName, ['x', 1]),
      Buffer.from(JSON.stringify({ s: 'test:-created_at', k: ['2024-01-01', 1] })).toString('base64url'),
      Buffer.from(JSON.stringify({ s: 'test:-created_at', k: ['2024-01-01T00:00:00.000001Z'] })).toString('base64url'),
      Buffer.from(JSON.stringify({ s: 'test:-created_at', k: ['2024-01-01T00:00:00.000001Z', 1.5] })).toString('base64url'),
      Buffer.from('not json').toString('base64url'),
      'has spaces and !',
    ];
    for (const cursor of attempts) {
      try {
        decodeCursor(byCreatedDesc, cursor);
        expect.fail(`accepted ${cursor}`);
      } catch (e) {
        expect(isAppError(e) && e.code === 'validation_failed' && e.issues[0]?.path === 'querystring/cursor', String(e)).toBe(true);
      }
    }
  });

  it('escapes LIKE wildcards in a search term', () => {
    expect(containsPattern('50%_a\\b')).toBe('%50\\%\\_a\\\\b%');
  });
});

describeEachDatabase('keyset pages', ({ db, ws }) => {
  const names: string[] = [];
  beforeAll(async () => {
    // 40 accounts; the ones containing "zz" all sort at the end, so walking the name order
    // from the start meets them only after every other row (a clustered, rare term).
    for (let i = 0; i < 34; i++) names.push(`a${String(i).padStart(2, '0')} common`);
    for (let i = 0; i < 6; i++) names.push(`zz${i} rare`);
    await db().query(
      `INSERT INTO accounts (workspace_id, name, created_at)
       SELECT $1, n, '2024-01-01T00:00:00Z'::timestamptz + make_interval(secs => (ord % 7)::double precision / 1000000)
         FROM unnest($2::text[]) WITH ORDINALITY AS t(n, ord)`,
      [ws().workspace.id, [...names].reverse()],
    );
  });

  const source = (order: KeysetOrder): KeysetSource => ({
    from: 'accounts a',
    select: 'a.id, a.name',
    id: 'a.id',
    order,
    where: (p: SqlParams) => [`a.workspace_id = ${p.add(ws().workspace.id)}`],
  });
  const match = (term: string) => (p: SqlParams) => `a.search_text LIKE ${p.add(containsPattern(term))} ESCAPE '\\'`;

  /** Statements run by the last walkSearch: walks along the order and searches through the trigram index. */
  const ran = { walks: 0, indexSearches: 0 };
  const counting = (): Queryable => {
    const inner = db();
    return {
      query: (sql, params) => {
        if (sql.includes('row_number()')) ran.walks++;
        if (sql.includes('MATERIALIZED')) ran.indexSearches++;
        return inner.query(sql, params);
      },
      execute: (sql, params) => inner.execute(sql, params),
      exec: (sql) => inner.exec(sql),
      copyCsv: (t, c, csv) => inner.copyCsv(t, c, csv),
      copyBinary: (t, c, data) => inner.copyBinary(t, c, data),
    };
  };

  async function walkSearch(term: string, order: KeysetOrder, limit: number, opts: SearchOptions): Promise<string[]> {
    const out: string[] = [];
    let after = null;
    ran.walks = 0;
    ran.indexSearches = 0;
    for (let i = 0; i < 100; i++) {
      const page = await keysetSearchPage<{ name: string }>(counting(), source(order), match(term), { after, limit }, opts);
      out.push(...page.data.map((r) => r.name));
      if (!page.next_cursor) return out;
      after = decodeCursor(order, page.next_cursor);
    }
    throw new Error('too many pages');
  }

  it('finds a rare clustered term through the search index when the walk gives up', async () => {
    const rare = names.filter((n) => n.includes('zz')).sort();
    for (const limit of [1, 2, 4, 10]) {
      expect(await walkSearch('zz', byName, limit, { probeRows: 5 }), `limit ${limit}`).toEqual(rare);
      expect(ran.indexSearches, `limit ${limit}`).toBeGreaterThan(0);
    }
  });

  it('fills pages of a common term from the walk alone, and gives the same answer when the walk is long', async () => {
    const common = names.filter((n) => n.includes('common')).sort();
    expect(await walkSearch('common', byName, 4, { probeRows: 5 })).toEqual(common);
    expect(ran.indexSearches).toBeLessThanOrEqual(1); // only the last page, past the last match, may ask the index
    expect(await walkSearch('common', byName, 4, { probeRows: 5000 })).toEqual(common);
    expect(ran).toEqual({ walks: Math.ceil(common.length / 4), indexSearches: 0 });
    expect(await walkSearch('zz', byName, 4, { probeRows: 5000 })).toEqual(names.filter((n) => n.includes('zz')).sort());
  });

  it('walks on when the planner expects many matches, and only then uses the search index', async () => {
    // "0" is in a00..a09, a10, a20, a30 and zz0.
    const all = names.filter((n) => n.includes('0')).sort();
    expect(all).toHaveLength(14);
    // Many expected (threshold 0): a second, long walk fills each page.
    expect(await walkSearch('0', byName, 6, { probeRows: 2, indexMaxRows: 0, maxWalkRows: 100 })).toEqual(all);
    expect(ran.indexSearches).toBe(0);
    expect(ran.walks).toBeGreaterThan(3);
    // A second walk too short to fill the page: the search index gives the rest, in order.
    expect(await walkSearch('0', byName, 6, { probeRows: 2, indexMaxRows: 0, maxWalkRows: 3 })).toEqual(all);
    expect(ran.indexSearches).toBeGreaterThan(0);
    // Few expected: straight to the search index after the first walk.
    expect(await walkSearch('0', byName, 3, { probeRows: 4 })).toEqual(all);
    expect(await walkSearch('zz', byName, 2, { probeRows: 3, indexMaxRows: 0, maxWalkRows: 4 })).toEqual(names.filter((n) => n.includes('zz')).sort());
  });

  it('pages a descending timestamp order with ties, with and without a search, identically', async () => {
    const plain: string[] = [];
    let after = null;
    for (let i = 0; i < 100; i++) {
      const page = await keysetPage<{ name: string }>(db(), source(byCreatedDesc), { after, limit: 3 });
      plain.push(...page.data.map((r) => r.name));
      if (!page.next_cursor) break;
      after = decodeCursor(byCreatedDesc, page.next_cursor);
    }
    expect(plain).toHaveLength(names.length);
    expect(new Set(plain).size).toBe(names.length);
    expect(await walkSearch(' ', byCreatedDesc, 3, { probeRows: 4 })).toEqual(plain);
    expect(await walkSearch(' ', byCreatedDesc, 3, { probeRows: 4, indexMaxRows: 0, maxWalkRows: 4 })).toEqual(plain);
  });
});
