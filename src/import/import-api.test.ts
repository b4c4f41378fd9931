import { PassThrough } from 'node:stream';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildServer } from '../http/build-server.js';
import { describeEachDatabase } from '../testing/test-database.js';

const GOOD = 'external_id,name,country\nA1,Acme Oy,FI\nA2,Beta AB,SE\n';
const MIXED = 'external_id,name,country\nA1,Acme Oy,FI\nA2,Beta AB,Sweden\n,No Id,FI\nA4,Delta,DK\n';

describeEachDatabase('imports API', ({ db, ws, kind }) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ config: { logLevel: 'silent' }, db: db() });
  });
  afterAll(async () => app.close());

  const auth = () => ({ authorization: `Bearer ${ws().adminKey.token}` });
  const call = (method: InjectOptions['method'], url: string, payload?: object) =>
    app.inject({ method, url, headers: auth(), ...(payload !== undefined ? { payload } : {}) });
  const upload = (id: number, body: string | PassThrough, type = 'text/csv') =>
    app.inject({ method: 'PUT', url: `/api/v1/imports/${id}/file`, headers: { ...auth(), 'content-type': type }, payload: body });
  const create = async (body: object) => {
    const res = await call('POST', '/api/v1/imports', body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: number };
  };

  it('creates a job, runs it on the uploaded file, and shows the result', async () => {
    const res = await call('POST', '/api/v1/imports', { kind: 'accounts' });
    expect(res.statusCode).toBe(201);
    const job = res.json();
    expect(job).toEqual({
      id: expect.any(Number), kind: 'accounts', format: 'csv', skip_invalid: false, status: 'waiting',
      bytes_read: 0, bytes_total: null, rows_read: 0, rows_imported: 0, rows_rejected: 0, errors: [], error_summary: null,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), started_at: null, finished_at: null,
    });
    const put = await upload(job.id, GOOD);
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({
      id: job.id, status: 'succeeded', bytes_read: GOOD.length, bytes_total: GOOD.length, rows_read: 2, rows_imported: 2, rows_rejected: 0,
      started_at: expect.any(String), finished_at: expect.any(String),
    });
    const got = await call('GET', `/api/v1/imports/${job.id}`);
    expect(got.json()).toEqual(put.json());
    const accounts = await call('GET', '/api/v1/accounts?q=acme');
    expect(accounts.json().data.map((a: { external_id: string }) => a.external_id)).toContain('A1');

    const again = await upload(job.id, GOOD);
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'conflict', detail: expect.stringContaining('already succeeded') });
  });

  it('fails a file with invalid rows whole, listing them, and keeps rejects only with skip_invalid', async () => {
    const strict = await create({ kind: 'accounts' });
    const failed = (await upload(strict.id, MIXED)).json();
    expect(failed).toMatchObject({
      status: 'failed', rows_read: 4, rows_imported: 0, rows_rejected: 2, error_summary: '2 of 4 rows are invalid; nothing was imported',
      errors: [
        { line: 3, field: 'country', message: expect.stringContaining('"Sweden"') },
        { line: 4, field: 'external_id', message: 'is required' },
      ],
    });
    expect((await call('GET', `/api/v1/imports/${strict.id}/rejects`)).statusCode).toBe(404);

    const lenient = await create({ kind: 'accounts', skip_invalid: true });
    const done = (await upload(lenient.id, MIXED, 'application/octet-stream')).json();
    expect(done).toMatchObject({ status: 'succeeded', skip_invalid: true, rows_imported: 2, rows_rejected: 2 });
    const rejects = await call('GET', `/api/v1/imports/${lenient.id}/rejects`);
    expect(rejects.statusCode).toBe(200);
    expect(rejects.headers['content-type']).toMatch(/^text\/csv/);
    expect(rejects.body).toBe(
      'kanta_line,kanta_errors,external_id,name,country\n' +
        '3,"country: must be an ISO 3166-1 alpha-2 country code like FI or SE, got ""Sweden""",A2,Beta AB,Sweden\n' +
        '4,external_id: is required,,No Id,FI\n',
    );
  });

  it('shows progress while the file streams in', async () => {
    const job = await create({ kind: 'orders', format: 'cdnow' });
    const body = new PassThrough();
    const pending = upload(job.id, body, 'application/octet-stream');
    let lines = '';
    for (let i = 1; i <= 3_000; i++) lines += ` ${String(i).padStart(5, '0')} 19970101  1   11.77\r\n`;
    body.write(lines);
    let live: Record<string, unknown> = {};
    for (let i = 0; i < 200 && live.rows_read !== 3_000; i++) {
      await new Promise((r) => setTimeout(r, 25));
      live = (await call('GET', `/api/v1/imports/${job.id}`)).json();
    }
    expect(live).toMatchObject({ status: 'running', rows_read: 3_000, bytes_read: lines.length, bytes_total: null, finished_at: null });
    // Past the few seconds API keys are cached: the uploading key still polls without waiting for
    // the database (on PGlite the import's transaction holds the only connection).
    await new Promise((r) => setTimeout(r, 5200));
    const poll = await Promise.race([
      call('GET', `/api/v1/imports/${job.id}`),
      new Promise<null>((r) => setTimeout(() => r(null), 3000)),
    ]);
    expect(poll?.json()).toMatchObject({ status: 'running', rows_read: 3_000 });
    if (kind === 'postgres') {
      // PostgreSQL: the job row itself gets the progress, through another connection, and lists work meanwhile.
      const [row] = await db().query<{ rows_read: number }>('SELECT rows_read FROM import_jobs WHERE id = $1', [job.id]);
      expect(row!.rows_read).toBeGreaterThan(0);
      const listed = (await call('GET', '/api/v1/imports?limit=1')).json();
      expect(listed.data[0]).toMatchObject({ id: job.id, status: 'running', rows_read: 3_000 });
    }
    body.end(' 03001 19970102  2   20.00\r\n');
    const done = (await pending).json();
    expect(done).toMatchObject({ status: 'succeeded', rows_read: 3_001, rows_imported: 3_001 });
    const [orders] = await db().query<{ n: number }>('SELECT count(*) AS n FROM orders WHERE workspace_id = $1 AND external_id LIKE $2', [ws().workspace.id, 'cdnow-%']);
    expect(orders!.n).toBe(3_001);
  });

  it('lists jobs newest first with keyset pages', async () => {
    const first = (await call('GET', '/api/v1/imports?limit=2')).json();
    expect(first.data).toHaveLength(2);
    expect(first.data[0].id).toBeGreaterThan(first.data[1].id);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = (await call('GET', `/api/v1/imports?limit=2&cursor=${first.next_cursor}`)).json();
    expect(second.data[0].id).toBeLessThan(first.data[1].id);
  });

  it('answers bad requests precisely', async () => {
    const badKey = await call('POST', '/api/v1/imports', { kind: 'contacts', mapping: { emial: 'Mail' } });
    expect(badKey.statusCode).toBe(400);
    expect(badKey.json().errors).toEqual([{ path: '/mapping/emial', message: expect.stringContaining('"emial" is not a field of contacts') }]);
    const cdnow = await call('POST', '/api/v1/imports', { kind: 'accounts', format: 'cdnow' });
    expect(cdnow.statusCode).toBe(400);
    expect(cdnow.json().errors).toEqual([{ path: '/format', message: 'cdnow is for kind orders only' }]);
    const unknownKind = await call('POST', '/api/v1/imports', { kind: 'products' });
    expect(unknownKind.statusCode).toBe(400);
    const job = await create({ kind: 'accounts' });
    const json = await app.inject({ method: 'PUT', url: `/api/v1/imports/${job.id}/file`, headers: auth(), payload: { a: 1 } });
    expect(json.statusCode).toBe(415);
    expect((await upload(999_999, GOOD)).statusCode).toBe(404);
    expect((await call('GET', '/api/v1/imports/999999')).statusCode).toBe(404);
    const header = (await upload(job.id, 'id,colour\n1,red\n')).json();
    expect(header).toMatchObject({ status: 'failed', rows_read: 0, error_summary: expect.stringContaining('unknown column "colour"') });
    expect(header.errors).toEqual([
      { line: 1, field: null, message: expect.stringContaining('unknown column "colour"') },
      { line: 1, field: 'name', message: expect.stringContaining('missing column for the required field name') },
    ]);
  });
});
