import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { migrate } from '../../db/migrate.js';
import { openPostgres } from '../../db/open-postgres.js';
import { bootstrapWorkspace } from '../../workspaces/bootstrap-workspace.js';
import { createCareElement } from '../model/create-care-element.js';
import { enrolSubjects } from './enrol-subjects.js';
import { loadCareElement } from './load-care-elements.js';
import { definition } from './testing/care-engine-fixture.js';
import { eventually as pollUntil } from '../../testing/eventually.js';

// PostgreSQL only: worker processes share one database. Configured at the edge of the test, like the harness.
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL?.trim() || null;
const CLI = fileURLToPath(new URL('../../cli/main.ts', import.meta.url));
const SUBJECTS = 400;

const eventually = (what: string, check: () => Promise<boolean>, ms: number) => pollUntil(what, check, ms, 100);

describe.skipIf(!TEST_DATABASE_URL)('care workers killed with SIGKILL [postgres]', () => {
  const name = `kanta_kill_${process.pid}_${Date.now().toString(36)}`;
  let url: string;
  let db: Database;
  let workspaceId: number;
  const messageIds: string[] = [];
  const webhookIds: string[] = [];
  let unverified = 0;
  let smtp: SMTPServer;
  let receiver: http.Server;
  const children: ChildProcess[] = [];
  const logs: string[] = [];

  const startWorker = (smtpPort: number) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'worker', '--concurrency', '8', '--interval-ms', '50', '--lease-ms', '3000', '--no-triggers'], {
      env: { ...process.env, DATABASE_URL: url, KANTA_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, KANTA_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.on('data', (d: Buffer) => logs.push(d.toString()));
    child.stderr!.on('data', (d: Buffer) => logs.push(d.toString()));
    children.push(child);
    return child;
  };

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: TEST_DATABASE_URL! });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(TEST_DATABASE_URL!);
    u.pathname = `/${name}`;
    url = u.toString();
    db = await openPostgres(url, 5);
    await migrate(db);
    workspaceId = (await bootstrapWorkspace(db, { slug: 'kill', name: 'Kill test' })).workspace.id;

    // A slow SMTP server (40 ms a message), so a worker is always in the middle of something.
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const id = /^message-id:\s*(<[^>]+>)/im.exec(Buffer.concat(chunks).toString('utf8'))?.[1];
          setTimeout(() => {
            if (id) messageIds.push(id);
            callback();
          }, 40);
        });
      },
    });
    // The killed worker's connections reset (ECONNRESET): that is the point of the test, not a failure.
    smtp.on('error', () => {});
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          new Webhook(secret).verify(Buffer.concat(chunks).toString('utf8'), req.headers as Record<string, string>);
        } catch {
          unverified += 1;
        }
        webhookIds.push(String(req.headers['webhook-id']));
        setTimeout(() => res.writeHead(204).end(), 10);
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    await db.query(`INSERT INTO care_webhook_endpoints (workspace_id, key, url, secret) VALUES ($1, 'crm', $2, $3)`, [
      workspaceId,
      `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`,
      secret,
    ]);
    // Loopback receiver; no quiet hours (the test runs at any hour).
    await db.query(
      `INSERT INTO care_settings (workspace_id, allow_private_webhooks, quiet_start, quiet_end) VALUES ($1, true, '00:00', '00:00')
       ON CONFLICT (workspace_id) DO UPDATE SET allow_private_webhooks = true, quiet_start = '00:00', quiet_end = '00:00'`,
      [workspaceId],
    );
  }, 120_000);

  afterAll(async () => {
    await Promise.all(
      children.map((c) =>
        c.exitCode !== null || c.signalCode !== null ? null : new Promise((r) => {
          c.once('exit', r);
          c.kill('SIGKILL');
        }),
      ),
    );
    await new Promise<void>((r) => smtp?.close(() => r()));
    await new Promise<void>((r) => receiver?.close(() => r()));
    await db?.close();
    // Let the pool's sockets finish closing before the database is dropped under them.
    await new Promise((r) => setTimeout(r, 500));
    const a = new pg.Client({ connectionString: TEST_DATABASE_URL! });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
  });

  it('runs every due email and webhook exactly once after a worker is killed mid-batch and another takes over', async () => {
    const el = await createCareElement(db, workspaceId, {
      key: 'kill-test',
      subject_type: 'contact',
      enabled: true,
      definition: definition({
        trigger: { kind: 'event', event: 'Kill Test' },
        steps: [
          { id: 'mail', kind: 'email', purpose: 'service', template: { subject: { fi: 'Hei', en: 'Hi' }, body: { fi: 'Hei {{ contact.first_name }}', en: 'Hi {{ contact.first_name }}' } } },
          { id: 'hook', kind: 'webhook', endpoint: 'crm', event_type: 'care.kill_test' },
        ],
      }),
    });
    const ids = (
      await db.query<{ id: number }>(
        `INSERT INTO contacts (workspace_id, email, first_name) SELECT $1, 'k' || g || '@kill.test', 'K' || g FROM generate_series(1, ${SUBJECTS}) g RETURNING id`,
        [workspaceId],
      )
    ).map((r) => r.id);
    const element = (await loadCareElement(db, workspaceId, el.id))!;
    const now = new Date();
    const enrolled = await db.transaction((tx) => enrolSubjects(tx, workspaceId, element, ids.map((id) => ({ subjectId: id, dedupeKey: 'manual:kill', at: now, trigger: { kind: 'manual' } })), now));
    expect(enrolled.enrolled).toBe(SUBJECTS);

    const smtpPort = (smtp.server.address() as AddressInfo).port;
    const victim = startWorker(smtpPort);
    startWorker(smtpPort);
    await eventually('a third of the mail is out', async () => messageIds.length >= SUBJECTS / 3, 60_000);
    const [{ leased }] = (await db.query<{ leased: number }>(`SELECT count(*) AS leased FROM care_actions WHERE workspace_id = $1 AND status = 'running'`, [workspaceId])) as [{ leased: number }];
    victim.kill('SIGKILL');
    await new Promise((r) => victim.once('exit', r));
    // Restart: a new process in the victim's place.
    startWorker(smtpPort);

    await eventually(
      'every action has run',
      async () => {
        const [r] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM care_actions WHERE workspace_id = $1 AND status <> 'done'`, [workspaceId]);
        const [t] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM care_actions WHERE workspace_id = $1`, [workspaceId]);
        return r!.n === 0 && t!.n === 2 * SUBJECTS;
      },
      120_000,
    );
    const reclaimed = await db.query<{ step_id: string; n: number }>(
      `SELECT step_id, count(*) AS n FROM care_actions WHERE workspace_id = $1 AND attempts > 1 GROUP BY step_id ORDER BY step_id`,
      [workspaceId],
    );
    const distinctMail = new Set(messageIds);
    const distinctHooks = new Set(webhookIds);
    const expectedMail = new Set((await db.query<{ message_id: string }>('SELECT message_id FROM care_messages WHERE workspace_id = $1', [workspaceId])).map((m) => m.message_id));
    console.log(
      `SIGKILL test: ${leased} actions leased when killed; reclaimed ${JSON.stringify(reclaimed)}; ` +
        `mail ${messageIds.length} received / ${distinctMail.size} distinct Message-IDs (raw redeliveries ${messageIds.length - distinctMail.size}); ` +
        `webhooks ${webhookIds.length} received / ${distinctHooks.size} distinct webhook-ids (raw redeliveries ${webhookIds.length - distinctHooks.size})`,
    );
    expect(leased).toBeGreaterThan(0);
    expect(distinctMail.size).toBe(SUBJECTS);
    expect(expectedMail).toEqual(distinctMail);
    expect(distinctHooks.size).toBe(SUBJECTS);
    expect(unverified).toBe(0);
    const [{ sent }] = (await db.query<{ sent: number }>(`SELECT count(*) AS sent FROM care_messages WHERE workspace_id = $1 AND status = 'sent'`, [workspaceId])) as [{ sent: number }];
    expect(sent).toBe(SUBJECTS);
    // Every action ran once as far as the database knows: one row per step per run, done.
    const [{ runs }] = (await db.query<{ runs: number }>(`SELECT count(*) AS runs FROM care_runs WHERE workspace_id = $1 AND status = 'completed'`, [workspaceId])) as [{ runs: number }];
    expect(runs).toBe(SUBJECTS);
  }, 240_000);
});
