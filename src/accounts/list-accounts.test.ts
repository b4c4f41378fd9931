import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Queryable } from '../db/database.js';
import { buildServer } from '../http/build-server.js';
import { createWorkspace } from '../workspaces/create-workspace.js';
import { describeEachDatabase } from '../testing/test-database.js';
import { listAccounts } from './list-accounts.js';

interface Seed {
  name: string;
  created: number; // microseconds after a base instant; equal values tie
  updated: number;
  country: string | null;
  industry: string | null;
  owner: string | null;
  kind: 'organization' | 'consumer';
  domain: string | null;
}

// Names whose order is the same in every collation; three share lower(name) and tie on it.
const SEEDS: Seed[] = [
  { name: 'Mu Oy', created: 5, updated: 1, country: 'FI', industry: 'software', owner: 'anna', kind: 'organization', domain: 'mu.fi' },
  { name: 'alpha', created: 1, updated: 9, country: 'FI', industry: 'retail', owner: 'anna', kind: 'organization', domain: null },
  { name: 'Beta Oy', created: 1, updated: 9, country: 'SE', industry: 'software', owner: 'ben', kind: 'consumer', domain: 'beta.se' },
  { name: 'ALPHA', created: 2, updated: 3, country: 'SE', industry: 'software', owner: null, kind: 'organization', domain: null },
  { name: 'Gamma Ab', created: 2, updated: 3, country: null, industry: null, owner: 'ben', kind: 'organization', domain: 'gamma.com' },
  { name: 'Alpha', created: 1, updated: 2, country: 'FI', industry: 'software', owner: 'anna', kind: 'consumer', domain: null },
  { name: 'delta_x', created: 7, updated: 7, country: 'FI', industry: 'retail', owner: 'cid', kind: 'organization', domain: null },
  { name: 'epsilon%', created: 3, updated: 8, country: 'NO', industry: 'energy', owner: 'cid', kind: 'organization', domain: null },
  { name: 'Eta', created: 4, updated: 4, country: 'FI', industry: 'energy', owner: 'anna', kind: 'consumer', domain: 'eta.fi' },
  { name: 'theta', created: 6, updated: 5, country: 'SE', industry: 'software', owner: 'ben', kind: 'organization', domain: null },
  { name: 'iota', created: 6, updated: 6, country: 'FI', industry: 'retail', owner: 'anna', kind: 'organization', domain: 'iota.fi' },
  { name: 'Kappa', created: 8, updated: 1, country: 'FI', industry: 'software', owner: 'ben', kind: 'organization', domain: 'kappa-alp.fi' },
  { name: 'Lambda Oy', created: 9, updated: 2, country: 'DK', industry: 'retail', owner: 'anna', kind: 'organization', domain: null },
];

describeEachDatabase('account list', ({ db, ws }) => {
  let app: FastifyInstance;
  const rows: (Seed & { id: number; external_id: string })[] = [];

  beforeAll(async () => {
    app = await buildServer({ config: { logLevel: 'silent' }, db: db() });
    for (const [i, s] of SEEDS.entries()) {
      const [row] = await db().query<{ id: number }>(
        `INSERT INTO accounts (workspace_id, external_id, name, country, industry, owner, kind, domain, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8,
                 '2024-01-01T00:00:00Z'::timestamptz + make_interval(secs => $9::double precision / 1000000),
                 '2024-06-01T00:00:00Z'::timestamptz + make_interval(secs => $10::double precision / 1000000))
         RETURNING id`,
        [ws().workspace.id, `ext-${i}`, s.name, s.country, s.industry, s.owner, s.kind, s.domain, s.created, s.updated],
      );
      rows.push({ ...s, id: row!.id, external_id: `ext-${i}` });
    }
    // Another workspace's accounts never show.
    const other = await createWorkspace(db(), { slug: 'other', name: 'Other' });
    await db().query(`INSERT INTO accounts (workspace_id, name, country) VALUES ($1, 'alpha elsewhere', 'FI'), ($1, 'Zzz', 'FI')`, [other.id]);
  });
  afterAll(async () => app.close());

  const get = (url: string) => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${ws().adminKey.token}` } });

  /** Walks every page of a list and returns the ids in the order served. */
  async function walk(url: string, limit: number): Promise<number[]> {
    const ids: number[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const sep = url.includes('?') ? '&' : '?';
      const res = await get(`${url}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as { data: { id: number }[]; next_cursor: string | null };
      expect(page.data.length).toBeLessThanOrEqual(limit);
      ids.push(...page.data.map((a) => a.id));
      cursor = page.next_cursor;
      if (!cursor) return ids;
      expect(page.data.length).toBe(limit);
    }
    throw new Error('too many pages');
  }

  type Row = (typeof rows)[number];
  const byName = (a: Row, b: Row) => a.name.toLowerCase().localeCompare(b.name.toLowerCase(), 'en') || a.id - b.id;
  const byCreated = (a: Row, b: Row) => a.created - b.created || a.id - b.id;
  const byUpdated = (a: Row, b: Row) => a.updated - b.updated || a.id - b.id;
  const expected = (filter: (r: Row) => boolean, cmp: (a: Row, b: Row) => number, desc = false) => {
    const list = rows.filter(filter).sort(cmp).map((r) => r.id);
    return desc ? list.reverse() : list;
  };
  const all = () => true;

  it('walks every page under each sort with no duplicates or gaps, ties broken by id', async () => {
    const cases: [string, number[]][] = [
      ['name', expected(all, byName)],
      ['-name', expected(all, byName, true)],
      ['created_at', expected(all, byCreated)],
      ['-created_at', expected(all, byCreated, true)],
      ['updated_at', expected(all, byUpdated)],
      ['-updated_at', expected(all, byUpdated, true)],
    ];
    for (const [sort, ids] of cases) {
      for (const limit of [1, 4]) {
        expect(await walk(`/api/v1/accounts?sort=${sort}`, limit), `${sort} by ${limit}`).toEqual(ids);
      }
    }
    expect(await walk('/api/v1/accounts', 50)).toEqual(expected(all, byName));
  });

  it('keeps timestamps that share a millisecond apart (microsecond cursor)', async () => {
    const first = (await get('/api/v1/accounts?sort=created_at&limit=3')).json();
    const second = (await get(`/api/v1/accounts?sort=created_at&limit=3&cursor=${first.next_cursor}`)).json();
    const ids = [...first.data, ...second.data].map((a: { id: number }) => a.id);
    expect(ids).toEqual(expected(all, byCreated).slice(0, 6));
  });

  it('filters by country, industry, owner and kind, alone and together', async () => {
    expect(await walk('/api/v1/accounts?country=FI', 2)).toEqual(expected((r) => r.country === 'FI', byName));
    expect(await walk('/api/v1/accounts?industry=software&sort=-name', 2)).toEqual(expected((r) => r.industry === 'software', byName, true));
    expect(await walk('/api/v1/accounts?owner=anna&sort=created_at', 2)).toEqual(expected((r) => r.owner === 'anna', byCreated));
    expect(await walk('/api/v1/accounts?kind=consumer', 2)).toEqual(expected((r) => r.kind === 'consumer', byName));
    expect(await walk('/api/v1/accounts?country=FI&industry=software&owner=anna', 1)).toEqual(
      expected((r) => r.country === 'FI' && r.industry === 'software' && r.owner === 'anna', byName),
    );
    expect((await get('/api/v1/accounts?country=XX')).json()).toEqual({ data: [], next_cursor: null });
  });

  it('searches name, domain and external id, case-insensitively, across pages', async () => {
    const has = (term: string) => (r: Row) => [r.name, r.domain ?? '', r.external_id].some((v) => v.toLowerCase().includes(term));
    expect(await walk('/api/v1/accounts?q=ALP', 2)).toEqual(expected(has('alp'), byName));
    expect(await walk('/api/v1/accounts?q=alp&sort=-updated_at', 1)).toEqual(expected(has('alp'), byUpdated, true));
    expect(await walk('/api/v1/accounts?q=.fi', 50)).toEqual(expected(has('.fi'), byName));
    expect(await walk('/api/v1/accounts?q=ext-1', 50)).toEqual(expected(has('ext-1'), byName)); // ext-1, ext-10..12
    expect(await walk('/api/v1/accounts?q=a&country=FI', 2)).toEqual(expected((r) => has('a')(r) && r.country === 'FI', byName));
  });

  it('treats % and _ in a search as plain characters', async () => {
    expect(await walk('/api/v1/accounts?q=%25', 50)).toEqual(expected((r) => r.name.includes('%'), byName));
    expect(await walk('/api/v1/accounts?q=_', 50)).toEqual(expected((r) => r.name.includes('_'), byName));
    expect((await get('/api/v1/accounts?q=no-such-thing')).json()).toEqual({ data: [], next_cursor: null });
  });

  it('gives the most common facet values with counts', async () => {
    const res = await get('/api/v1/accounts/facets');
    expect(res.statusCode).toBe(200);
    const facets = res.json();
    const count = (key: 'country' | 'industry' | 'owner') => {
      const m = new Map<string, number>();
      for (const r of rows) if (r[key]) m.set(r[key]!, (m.get(r[key]!) ?? 0) + 1);
      return m;
    };
    expect(facets.countries[0]).toEqual({ value: 'FI', count: 7 });
    for (const [name, key] of [['countries', 'country'], ['industries', 'industry'], ['owners', 'owner']] as const) {
      const list = facets[name] as { value: string; count: number }[];
      expect(new Map(list.map((f) => [f.value, f.count]))).toEqual(count(key));
      expect(list.map((f) => f.count)).toEqual([...list.map((f) => f.count)].sort((a, b) => b - a));
    }
  });

  it('refuses a cursor that is garbage or made for another sort or list, naming cursor', async () => {
    const bad = await get('/api/v1/accounts?cursor=not-a-cursor');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(bad.json().errors).toEqual([{ path: 'querystring/cursor', message: expect.any(String) }]);

    const byName = (await get('/api/v1/accounts?sort=name&limit=2')).json().next_cursor as string;
    const other = await get(`/api/v1/accounts?sort=-name&cursor=${byName}`);
    expect(other.statusCode).toBe(400);
    expect(other.json().errors[0]).toMatchObject({ path: 'querystring/cursor', message: expect.stringContaining('another sort') });

    const contactsCursor = Buffer.from(JSON.stringify({ s: 'contacts:name', k: ['a', 'b', 1] })).toString('base64url');
    expect((await get(`/api/v1/accounts?cursor=${contactsCursor}`)).statusCode).toBe(400);
    const wrongKeys = Buffer.from(JSON.stringify({ s: 'accounts:name', k: [1, 'x'] })).toString('base64url');
    expect((await get(`/api/v1/accounts?cursor=${wrongKeys}`)).json().errors[0].path).toBe('querystring/cursor');
  });

  it('validates limit, sort and unknown query parameters', async () => {
    for (const [query, path] of [
      ['limit=0', 'querystring/limit'],
      ['limit=201', 'querystring/limit'],
      ['sort=size', 'querystring/sort'],
      ['country=fi', 'querystring/country'],
      ['colour=red', 'querystring/colour'],
    ]) {
      const res = await get(`/api/v1/accounts?${query}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path), query).toContain(path);
    }
  });
});

describeEachDatabase('account search in name order, where many names begin with the term', ({ db, ws }) => {
  // 3,000 names "a0000 kauppa oy" (domains aNNNN.fi) and 3,000 "x0000 kauppa oy" after the
  // others in name order (before them in descending order); 300 that begin with "väisänen" (domains
  // vaisanen-NNN.fi: the term is nowhere else in them) and 10 more whose domains also begin with
  // it; 300 that begin with "heikkinen" and hold it inside their domains too (oy-heikkinen-NNN.fi);
  // and a few that hold "väisän" elsewhere: inside the name, at the start of the domain, in the
  // external id. Those sort before the cluster, so they open the first page.
  const rows: [string, string | null, string | null][] = [];
  for (let i = 0; i < 3000; i++) rows.push([`a${String(i).padStart(4, '0')} kauppa oy`, `a${i}.fi`, null]);
  for (let i = 0; i < 3000; i++) rows.push([`x${String(i).padStart(4, '0')} kauppa oy`, `x${i}.fi`, null]);
  for (let i = 0; i < 300; i++) rows.push([`Väisänen ${String(i).padStart(3, '0')} Oy`, `vaisanen-${i}.fi`, null]);
  for (let i = 0; i < 10; i++) rows.push([`Väisänen Extra ${i} Oy`, `väisänen-extra-${i}.fi`, null]);
  for (let i = 0; i < 300; i++) rows.push([`Heikkinen ${String(i).padStart(3, '0')} Oy`, `oy-heikkinen-${i}.fi`, null]);
  rows.push(['Bravo Väisänen Ky', null, null], ['Charlie Oy', 'väisänen.fi', null], ['Delta Oy', null, 'VÄISÄN-1'], ['Väisä Nen Oy', null, null]);
  beforeAll(async () => {
    await db().query(
      `INSERT INTO accounts (workspace_id, name, domain, external_id) SELECT $1, n, d, x FROM unnest($2::text[], $3::text[], $4::text[]) AS t(n, d, x)`,
      [ws().workspace.id, ...[0, 1, 2].map((c) => [...rows].reverse().map((r) => r[c]))],
    );
    await db().exec('ANALYZE accounts');
  });

  /** Every page of a search, and the statements that went to the index of the matches outside the names' start. */
  async function search(q: string, sort: 'name' | '-name', limit: number) {
    const outside: string[] = [];
    const counting: Queryable = {
      query: (sql, params) => {
        if (sql.includes('substr(lower(a.name), 2)') && sql.includes('MATERIALIZED')) outside.push(sql);
        return db().query(sql, params);
      },
      execute: (sql, params) => db().execute(sql, params),
      exec: (sql) => db().exec(sql),
      copyCsv: (t, c, csv) => db().copyCsv(t, c, csv),
      copyBinary: (t, c, data) => db().copyBinary(t, c, data),
    };
    const names: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 100; i++) {
      const page = await listAccounts(counting, ws().workspace.id, { q, sort, limit, cursor });
      names.push(...page.data.map((a) => a.name));
      if (!page.next_cursor) return { names, outside: outside.length };
      cursor = page.next_cursor;
    }
    throw new Error('too many pages');
  }
  async function everyMatch(q: string, desc: boolean): Promise<string[]> {
    const dir = desc ? 'DESC' : 'ASC';
    const found = await db().query<{ name: string }>(
      `SELECT name FROM accounts WHERE workspace_id = $1 AND search_text LIKE '%' || lower($2) || '%' ORDER BY lower(name) ${dir}, id ${dir}`,
      [ws().workspace.id, q],
    );
    return found.map((r) => r.name);
  }

  it('reads the first names that begin with the term and the matches outside them, and pages on from there', async () => {
    const all = await everyMatch('väisän', false);
    expect(all).toHaveLength(313);
    expect(all.slice(0, 3)).toEqual(['Bravo Väisänen Ky', 'Charlie Oy', 'Delta Oy']);
    const got = await search('väisän', 'name', 20);
    expect(got.names).toEqual(all);
    expect(got.outside).toBe(1); // the first page
    expect((await search('VÄISÄN', 'name', 50)).names).toEqual(all);
    // Descending: the names that begin with the term read whole (accounts_name_start), with the matches outside them.
    const desc = await search('väisän', '-name', 20);
    expect(desc.names).toEqual(await everyMatch('väisän', true));
    expect(desc.outside).toBe(1);
  });

  it('reads every match through the search index where the term is also inside most of them, or holds a space', async () => {
    const heikki = await search('heikki', 'name', 20);
    expect(heikki.names).toEqual(await everyMatch('heikki', false));
    expect(heikki.names).toHaveLength(300);
    expect(heikki.outside).toBe(0);
    const spaced = await search('väisänen 1', 'name', 20);
    expect(spaced.names).toEqual(await everyMatch('väisänen 1', false));
    expect(spaced.names).toHaveLength(100);
    expect(spaced.outside).toBe(0);
  });
});
