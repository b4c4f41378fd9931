import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../http/build-server.js';
import { describeEachDatabase } from '../testing/test-database.js';

describeEachDatabase('API keys', ({ db, ws }) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ config: { logLevel: 'silent' }, db: db() });
  });
  afterAll(async () => app.close());
  const admin = () => ({ authorization: `Bearer ${ws().adminKey.token}` });

  it('makes a key that works at once, lists it by prefix only, and revokes it at once', async () => {
    const made = await app.inject({ method: 'POST', url: '/api/v1/keys', headers: admin(), payload: { kind: 'admin', name: 'ops' } });
    expect(made.statusCode).toBe(201);
    const key = made.json() as { id: number; token: string; token_prefix: string };
    expect(key.token).toMatch(/^kanta_admin_/);
    const me = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${key.token}` } });
    expect(me.statusCode).toBe(200);

    const list = await app.inject({ method: 'GET', url: '/api/v1/keys', headers: admin() });
    const listed = (list.json() as { data: Array<Record<string, unknown>> }).data;
    expect(listed.find((k) => k.id === key.id)).toMatchObject({ name: 'ops', token_prefix: key.token_prefix, revoked_at: null });
    expect(JSON.stringify(listed)).not.toContain(key.token);
    const stored = await db().query<{ token_hash: string }>('SELECT token_hash FROM api_keys WHERE id = $1', [key.id]);
    expect(stored[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);

    const revoked = await app.inject({ method: 'DELETE', url: `/api/v1/keys/${key.id}`, headers: admin() });
    expect(revoked.statusCode).toBe(204);
    const after = await app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${key.token}` } });
    expect(after.statusCode).toBe(401);
    expect(after.json().detail).toMatch(/revoked/);
  });

  it('refuses a write key on the admin API and an unknown kind', async () => {
    const withWrite = await app.inject({ method: 'GET', url: '/api/v1/keys', headers: { authorization: `Bearer ${ws().writeKey.token}` } });
    expect(withWrite.statusCode).toBe(403);
    const bad = await app.inject({ method: 'POST', url: '/api/v1/keys', headers: admin(), payload: { kind: 'root' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toMatch(/kind/);
  });
});
