import fc from 'fast-check';
import Fastify from 'fastify';
import swagger from '@fastify/swagger';
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { describe, expect, it } from 'vitest';
import { RuleInputSchema, RuleSchema } from './rule-schema.js';
import { ruleOf } from './testing/rule-test-data.js';

describe('RuleSchema', () => {
  const check = Compile(RuleSchema);

  it('accepts every valid rule and rejects the wrong shapes', () => {
    fc.assert(fc.property(fc.oneof(ruleOf('account'), ruleOf('contact')), (rule) => check.Check(rule)), { numRuns: 300 });
    expect(check.Check({ all: [] })).toBe(false);
    expect(check.Check({ trait: 'country', op: 'like', value: 'FI' })).toBe(false);
    expect(check.Check({ event: 'Login', op: 'gte', value: 1, within_days: 0 })).toBe(false);
    expect(check.Check({ contacts: 'any', where: { nope: 1 } })).toBe(false);
  });

  it('documents request bodies in the OpenAPI document without rejecting what validateRule should explain', async () => {
    // The Ajv options of src/http/build-server.ts.
    const app = Fastify({ ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: true } } });
    await app.register(swagger, { openapi: { openapi: '3.1.0', info: { title: 't', version: '1' } } });
    app.post('/a', { schema: { body: Type.Object({ rule: RuleInputSchema }) } }, async (req) => req.body);
    app.post('/b', { schema: { body: Type.Object({ rules: Type.Array(RuleInputSchema) }) } }, async (req) => req.body);
    await app.ready();
    const doc = JSON.stringify(app.swagger());
    expect(doc).toContain('Accounts only: any, all (and at least one), none of the contacts');
    for (const rule of [{ all: [], extra: true }, { event: 'Login', op: 'gte', value: 1, within_days: '30' }, { all: { trait: 'country', op: 'exists' } }, { stage_in: 'new' }]) {
      const res = await app.inject({ method: 'POST', url: '/a', payload: { rule } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ rule });
    }
    expect((await app.inject({ method: 'POST', url: '/b', payload: { rules: ['x'] } })).statusCode).toBe(400);
    await app.close();
  });
});
