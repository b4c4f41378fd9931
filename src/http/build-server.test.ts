import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { describeEachDatabase } from '../testing/test-database.js';
import { buildServer } from './build-server.js';

describeEachDatabase('http server', ({ db }) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ config: { logLevel: 'silent' }, db: db() });
  });
  afterAll(async () => app.close());

  it('answers health with the database kind', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: db().kind });
  });

  it('serves an OpenAPI 3.1 document', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.json().openapi).toBe('3.1.0');
    expect(Object.keys(res.json().paths)).toContain('/api/health');
  });

  it('answers an unknown API route with problem+json', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 404, code: 'not_found', instance: '/api/v1/nothing-here' });
  });
});
