import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { createCareElement } from '../model/create-care-element.js';
import type { CareElementDefinition } from '../model/care-element.js';
import { retryDeadAction } from './retry-dead-action.js';
import { scanCareTriggers } from './scan-care-triggers.js';
import { definition, insertEvent, outboxRuntime, runDueActions } from './testing/care-engine-fixture.js';

describeEachDatabase('care engine: webhook retries against a real receiver', ({ db, ws }) => {
  const w = () => ws().workspace.id;
  const runtime = outboxRuntime();
  const contact = async (email: string) =>
    (await db().query<{ id: number }>(`INSERT INTO contacts (workspace_id, email, first_name) VALUES ($1, $2, 'Testi') RETURNING id`, [w(), email]))[0]!.id;
  const element = (key: string, subject_type: 'account' | 'contact', def: CareElementDefinition) => createCareElement(db(), w(), { key, subject_type, definition: def, enabled: true });
  const actions = (elementId: number) =>
    db().query<{ id: number; status: string; due_at: Date; attempts: number; last_error: string | null }>(
      'SELECT id, status, due_at, attempts, last_error FROM care_actions WHERE workspace_id = $1 AND element_id = $2 ORDER BY id',
      [w(), elementId],
    );

  it('retries a failing webhook receiver with backoff under one webhook-id, dead-letters it, and delivers on retry', async () => {
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    const deliveries: { id: string; verified: boolean; type: unknown }[] = [];
    let answer = 503;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let verified = true;
        try {
          new Webhook(secret).verify(body, req.headers as Record<string, string>);
        } catch {
          verified = false;
        }
        deliveries.push({ id: String(req.headers['webhook-id']), verified, type: (JSON.parse(body) as { type?: unknown }).type });
        res.statusCode = answer;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
      await db().query(`INSERT INTO care_webhook_endpoints (workspace_id, key, url, secret) VALUES ($1, 'flaky-crm', $2, $3)`, [w(), url, secret]);
      await db().query(
        `INSERT INTO care_settings (workspace_id, allow_private_webhooks) VALUES ($1, true) ON CONFLICT (workspace_id) DO UPDATE SET allow_private_webhooks = true`,
        [w()],
      );
      const el = await element(
        'flaky',
        'contact',
        definition({ trigger: { kind: 'event', event: 'Flaky' }, steps: [{ id: 'hook', kind: 'webhook', endpoint: 'flaky-crm', event_type: 'care.flaky' }] }),
      );
      const c = await contact('flaky@x.fi');
      // The real clock: receivers refuse signatures more than 5 minutes off.
      const start = new Date();
      // The first scan only sets the workspace's cursor (history never triggers); the event after it does.
      await scanCareTriggers(db(), w(), { now: start });
      await insertEvent(db(), w(), { name: 'Flaky', contactId: c, at: start });
      await scanCareTriggers(db(), w(), { now: start });
      const retry = { baseMs: 1_000, maxAttempts: 3 };
      let now = start;
      expect((await runDueActions(db(), w(), runtime, now, { retry })).map((r) => r.status)).toEqual(['scheduled']);
      let [row] = await actions(el.id);
      expect(row).toMatchObject({ status: 'scheduled', attempts: 1 });
      expect(row!.last_error).toMatch(/503/);
      expect(row!.due_at.getTime()).toBe(now.getTime() + 1_000);
      // Not due yet: nothing runs.
      expect(await runDueActions(db(), w(), runtime, new Date(now.getTime() + 999), { retry })).toEqual([]);
      now = new Date(now.getTime() + 1_000);
      await runDueActions(db(), w(), runtime, now, { retry });
      [row] = await actions(el.id);
      expect(row!.due_at.getTime()).toBe(now.getTime() + 4_000);
      now = new Date(now.getTime() + 4_000);
      expect((await runDueActions(db(), w(), runtime, now, { retry })).map((r) => r.status)).toEqual(['dead']);
      [row] = await actions(el.id);
      expect(row).toMatchObject({ status: 'dead', attempts: 3 });
      // The receiver is back: a retry delivers it.
      answer = 204;
      now = new Date(now.getTime() + 60_000);
      await retryDeadAction(db(), w(), row!.id, now);
      expect((await runDueActions(db(), w(), runtime, now, { retry })).map((r) => r.status)).toEqual(['done']);
      expect(deliveries.length).toBe(4);
      expect(new Set(deliveries.map((d) => d.id))).toEqual(new Set([`act_${row!.id}`]));
      expect(deliveries.every((d) => d.verified && d.type === 'care.flaky')).toBe(true);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
