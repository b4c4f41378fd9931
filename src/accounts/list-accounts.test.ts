import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildServer } from '../http/build-server.js';
import { createWorkspace } from '../workspaces/create-workspace.js';
import { describeEachDatabase } from '../testing/test-database.js';

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
