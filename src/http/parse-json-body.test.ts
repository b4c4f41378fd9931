import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/test-database.js';
import { useTestServer } from '../testing/test-server.js';
import { findUnstorableText } from '../db/find-unstorable-text.js';

it('finds NUL and lone surrogates in strings and keys by JSON pointer, and passes everything else', () => {
  expect(findUnstorableText({ a: ['x', { 'b/c': 'nul \u0000' }] })).toEqual({ path: '/a/1/b~1c', message: expect.stringMatching(/U\+0000/) });
  expect(findUnstorableText({ ok: 1, ['k\u0000']: 2 })).toEqual({ path: '/k\u0000', message: expect.stringMatching(/^has a key that contains the character U\+0000/) });
  expect(findUnstorableText(['\uD800 alone'])).toEqual({ path: '/0', message: expect.stringMatching(/lone UTF-16 surrogate/) });
  expect(findUnstorableText(['tail \uDC00'])).toEqual({ path: '/0', message: expect.stringMatching(/lone UTF-16 surrogate/) });
  expect(findUnstorableText({ emoji: '\uD83D\uDE00 ok', fi: 'Hyvää päivää', n: 0, z: null, t: true })).toBeNull();
});

describeEachDatabase('JSON request bodies the database cannot store', ({ db, ws }) => {
  const server = useTestServer({ db, ws });
  const writeAuth = () => `Basic ${Buffer.from(`${ws().writeKey.token}:`).toString('base64')}`;

  it('answers 400 naming the field for NUL in a tracking batch, and stores none of the batch', async () => {
    const payload = JSON.stringify({
      batch: [
        { type: 'track', userId: 'nul-1', event: 'Fine', messageId: 'nul-ok' },
        { type: 'track', userId: 'nul-1', event: 'Bad', messageId: 'nul-bad', properties: { note: 'a\u0000b' } },
      ],
    });
    expect(payload).toContain('\\u0000');
    for (const contentType of ['application/json', 'text/plain']) {
      const res = await server.app().inject({ method: 'POST', url: '/v1/batch', headers: { authorization: writeAuth(), 'content-type': contentType }, payload });
      expect(res.statusCode).toBe(400);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: '/batch/1/properties/note', message: expect.stringMatching(/U\+0000/) }] });
    }
    const [n] = await db().query<{ n: number }>(`SELECT count(*) AS n FROM events WHERE workspace_id = $1 AND message_id LIKE 'nul-%'`, [ws().workspace.id]);
    expect(n!.n).toBe(0);
  });

  /** POSTs raw JSON text to the accounts API with the admin key. */
  const postAccount = (payload: string) =>
    server.app().inject({ method: 'POST', url: '/api/v1/accounts', headers: { authorization: `Bearer ${ws().adminKey.token}`, 'content-type': 'application/json' }, payload });

  it('answers 400 for a lone surrogate in a REST body, and names the syntax error of bad JSON', async () => {
    const bad = await postAccount('{"name": "Oy \\ud800 Ab"}');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'validation_failed', errors: [{ path: '/name', message: expect.stringMatching(/surrogate/) }] });
    const broken = await postAccount('{"name": "Oy Ab",}');
    expect(broken.statusCode).toBe(400);
    expect(broken.json().detail).toMatch(/^The request body is not valid JSON: .*position/);
    const poisoned = await postAccount('{"name": "Oy Ab", "__proto__": {"admin": true}}');
    expect(poisoned.statusCode).toBe(400);
    const fine = await server.call('POST', '/api/v1/accounts', { name: 'Oy \uD83D\uDE00 Ab' });
    expect(fine.statusCode).toBe(201);
    expect(fine.json().name).toBe('Oy \uD83D\uDE00 Ab');
  });
});
