import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { buildServer } from '../build-server.js';

interface Operation {
  tags?: string[];
  summary?: string;
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, { schema: { additionalProperties?: boolean } }> };
  responses: Record<string, unknown>;
}

const RESOURCES = ['/api/v1/me', '/api/v1/accounts', '/api/v1/contacts', '/api/v1/products', '/api/v1/orders', '/api/v1/events'];

describeEachDatabase('REST API OpenAPI document', ({ db }) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildServer({ config: { logLevel: 'silent' }, db: db() });
  });
  afterAll(async () => app.close());

  it('documents every /api/v1 resource operation with tag, summary, admin key security and responses', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, Operation>> };
    const ours = Object.entries(doc.paths).filter(([path]) => RESOURCES.some((r) => path === r || path.startsWith(`${r}/`)));
    const operations = ours.flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, op })));
    expect(operations.map((o) => o.key)).toEqual(
      expect.arrayContaining([
        'GET /api/v1/me',
        'GET /api/v1/accounts',
        'GET /api/v1/accounts/facets',
        'POST /api/v1/accounts',
        'GET /api/v1/accounts/{id}',
        'PATCH /api/v1/accounts/{id}',
        'DELETE /api/v1/accounts/{id}',
        'GET /api/v1/accounts/{id}/contacts',
        'GET /api/v1/accounts/{id}/orders',
        'GET /api/v1/accounts/{id}/timeline',
        'GET /api/v1/contacts',
        'POST /api/v1/contacts',
        'GET /api/v1/contacts/{id}',
        'PATCH /api/v1/contacts/{id}',
        'DELETE /api/v1/contacts/{id}',
        'GET /api/v1/contacts/{id}/timeline',
        'GET /api/v1/products',
        'POST /api/v1/products',
        'GET /api/v1/products/{id}',
        'PATCH /api/v1/products/{id}',
        'DELETE /api/v1/products/{id}',
        'GET /api/v1/orders',
        'POST /api/v1/orders',
        'GET /api/v1/orders/{id}',
        'PATCH /api/v1/orders/{id}',
        'DELETE /api/v1/orders/{id}',
        'POST /api/v1/orders/{id}/refunds',
        'GET /api/v1/events',
        'POST /api/v1/events',
        'GET /api/v1/events/{id}',
        'DELETE /api/v1/events/{id}',
      ]),
    );
    for (const { key, op } of operations) {
      expect(op.tags?.length, key).toBeGreaterThan(0);
      expect(op.summary, key).toBeTruthy();
      expect(op.security, key).toEqual([{ adminKey: [] }]);
      expect(Object.keys(op.responses), key).toEqual(expect.arrayContaining(['400', '401', '403']));
      expect(Object.keys(op.responses).some((s) => s.startsWith('2')), key).toBe(true);
      if (op.requestBody) expect(op.requestBody.content['application/json']?.schema.additionalProperties, key).toBe(false);
    }
  });
});
