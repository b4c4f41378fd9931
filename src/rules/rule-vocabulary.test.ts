import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/test-database.js';
import { useTestServer } from '../testing/test-server.js';
import { inferValueType } from './infer-value-type.js';

describe('inferValueType', () => {
  it('reads numbers, booleans, ISO dates and strings, and calls disagreeing data mixed', () => {
    expect(inferValueType(['number'], [])).toBe('number');
    expect(inferValueType(['boolean', 'null'], [])).toBe('boolean');
    expect(inferValueType(['string'], ['2026-05-01', '2025-12-31T10:00:00Z'])).toBe('date');
    expect(inferValueType(['string'], ['2026-05-01', 'soon'])).toBe('string');
    expect(inferValueType(['string'], ['2026-02-30'])).toBe('string'); // no such day
    expect(inferValueType(['string', 'number'], ['x'])).toBe('mixed');
    expect(inferValueType(['object'], [])).toBe('mixed');
  });
});

describeEachDatabase('rule vocabulary API', ({ db, ws }) => {
  const server = useTestServer({ db, ws });
  beforeAll(async () => {
    const w = ws().workspace.id;
    const [a] = await db().query<{ id: number }>(
      `INSERT INTO accounts (workspace_id, name, traits) VALUES ($1, 'Kivi Oy', '{"renewal_date": "2027-01-31", "seats": 40, "plan": "pro"}'), ($1, 'Puu Oy', '{"seats": "many", "plan": "basic"}') RETURNING id`,
      [w],
    );
    await db().query(`INSERT INTO contacts (workspace_id, account_id, email, traits) VALUES ($1, $2, 'a@kivi.example', '{"newsletter": true}')`, [w, a!.id]);
    const events: [string, string, object][] = [
      ['Order Completed', '2026-03-01T10:00:00Z', { revenue: 120.5, currency: 'EUR' }],
      ['Order Completed', '2026-04-01T10:00:00Z', { revenue: 80, currency: 'EUR', coupon: 'KEVÄT' }],
      ['Page Viewed', '2026-02-01T10:00:00Z', { path: '/hinnasto' }],
      ['Webinar Attended', '2025-11-20T10:00:00Z', {}],
    ];
    for (const [name, at, properties] of events) {
      await db().query(
        `INSERT INTO events (workspace_id, message_id, type, name, account_id, properties, occurred_at, source) VALUES ($1, gen_random_uuid()::text, 'track', $2, $3, $4::jsonb, $5, 'api')`,
        [w, name, a!.id, JSON.stringify(properties), at],
      );
    }
    await db().query(`INSERT INTO subject_scores (workspace_id, subject_type, family, subject_id, clv, computed_at) VALUES ($1, 'account', 'clv', $2, 1200, now())`, [w, a!.id]);
  });

  it('lists the event names with their latest occurrence, trait keys with their types, and stored metrics', async () => {
    const res = await server.call('GET', '/api/v1/rules/vocabulary');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.events).toEqual([
      { name: 'Order Completed', last_seen: '2026-04-01T10:00:00.000Z' },
      { name: 'Page Viewed', last_seen: '2026-02-01T10:00:00.000Z' },
      { name: 'Webinar Attended', last_seen: '2025-11-20T10:00:00.000Z' },
    ]);
    expect(body.traits.account).toEqual([
      { key: 'plan', type: 'string', seen: 2 },
      { key: 'seats', type: 'mixed', seen: 2 },
      { key: 'renewal_date', type: 'date', seen: 1 },
    ]);
    expect(body.traits.contact).toEqual([{ key: 'newsletter', type: 'boolean', seen: 1 }]);
    expect(body.metrics).toEqual({ account: ['clv'], contact: [] });
  });

  it("lists an event's property keys from its latest events, and refuses a missing name", async () => {
    const res = await server.call('GET', `/api/v1/rules/event-properties?event=${encodeURIComponent('Order Completed')}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      event: 'Order Completed',
      sampled: 2,
      properties: [
        { key: 'currency', type: 'string', seen: 2 },
        { key: 'revenue', type: 'number', seen: 2 },
        { key: 'coupon', type: 'string', seen: 1 },
      ],
    });
    const none = await server.call('GET', '/api/v1/rules/event-properties?event=Nothing%20Here');
    expect(none.json()).toEqual({ event: 'Nothing Here', sampled: 0, properties: [] });
    const bad = await server.call('GET', '/api/v1/rules/event-properties');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('event');
  });
});
