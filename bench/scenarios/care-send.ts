import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import type { Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import { openPostgres } from '../../src/db/open-postgres.js';
import { createCareElement } from '../../src/programmes/model/create-care-element.js';
import { bootstrapWorkspace } from '../../src/workspaces/bootstrap-workspace.js';
import { freshPostgres } from '../support/databases.js';
import type { ScenarioResult } from '../support/report.js';
import { sampleRss } from '../support/rss.js';
import { percentile, round } from '../support/stats.js';

const BIN = fileURLToPath(new URL('../../bin/kanta.js', import.meta.url));
const WORKERS = 2;
const CONCURRENCY = Number(process.env.BENCH_CARE_CONCURRENCY ?? 16);
/** The steady phase: actions falling due at this share of the measured backlog throughput. */
const STEADY_SHARE = 0.5;
const STEADY_MAX = Number(process.env.BENCH_CARE_STEADY_MAX ?? 20_000);

/** A local SMTP server that counts messages and their Message-IDs (no parsing beyond the header). */
async function countingSmtp(): Promise<{ port: number; ids: Map<string, number>; received: () => number; close: () => Promise<void> }> {
  const ids = new Map<string, number>();
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    maxClients: 1_000,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (c: Buffer) => {
        if (head.length < 8_192) head += c.toString('latin1');
      });
      stream.on('end', () => {
        received += 1;
        const id = /^message-id:\s*(<[^>]+>)/im.exec(head)?.[1] ?? `none-${received}`;
        ids.set(id, (ids.get(id) ?? 0) + 1);
        callback();
      });
    },
  });
  server.on('error', () => {}); // a worker that stops mid-session resets its connection
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.server.address() as AddressInfo).port, ids, received: () => received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** Schedules one email action per contact (a run each, under `tag`), falling due evenly from `startSql` over `windowMs`. */
async function seedActions(db: Database, ws: number, elementId: number, tag: string, windowMs: number): Promise<void> {
  await db.query(
    `WITH c AS (SELECT id, row_number() OVER (ORDER BY id) - 1 AS i, count(*) OVER () AS n FROM contacts WHERE workspace_id = $1),
     runs AS (
       INSERT INTO care_runs (workspace_id, element_id, element_version, subject_type, subject_id, dedupe_key, trigger, cohort, status)
       SELECT $1, $2, 1, 'contact', c.id, $3, '{"kind":"bench"}', 'treated', 'active' FROM c RETURNING id, subject_id
     )
     INSERT INTO care_actions (workspace_id, run_id, element_id, subject_type, subject_id, step_id, kind, due_at)
     SELECT $1, r.id, $2, 'contact', r.subject_id, 'mail', 'email', clock_timestamp() + interval '200 milliseconds' + (c.i::float8 / c.n * $4::float8) * interval '1 millisecond'
       FROM runs r JOIN c ON c.id = r.subject_id`,
    [ws, elementId, tag, windowMs],
  );
}

/**
 * Waits until none of the workspace's actions is scheduled or running (all were seeded before, so
 * every one has reached done, skipped, dead or cancelled). Two index probes every 200 ms: counting the
 * finished actions instead read the whole table (about 20 ms at 30,000 actions, more at 100,000),
 * load the bench put on the PostgreSQL it measures.
 */
async function waitAllDone(db: Database, ws: number): Promise<void> {
  for (;;) {
    const [r] = await db.query<{ busy: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM care_actions WHERE workspace_id = $1 AND status = 'scheduled') OR EXISTS (SELECT 1 FROM care_actions WHERE workspace_id = $1 AND status = 'running') AS busy`,
      [ws],
    );
    if (!r!.busy) return;
    await new Promise((res) => setTimeout(res, 200));
  }
}

async function latencies(db: Database, ws: number, tag: string): Promise<{ p50: number; p99: number; max: number; statuses: Record<string, number> }> {
  const rows = await db.query<{ ms: number; status: string }>(
    `SELECT (extract(epoch FROM (a.finished_at - a.due_at)) * 1000)::float8 AS ms, a.status FROM care_actions a
       JOIN care_runs r ON r.workspace_id = a.workspace_id AND r.id = a.run_id WHERE a.workspace_id = $1 AND r.dedupe_key = $2`,
    [ws, tag],
  );
  const ms = rows.filter((r) => r.status === 'done').map((r) => r.ms);
  const statuses: Record<string, number> = {};
  for (const r of rows) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  return { p50: round(percentile(ms, 50)), p99: round(percentile(ms, 99)), max: round(Math.max(...ms)), statuses };
}

function startWorker(url: string, smtpPort: number, log: (s: string) => void): { child: ChildProcess; ready: Promise<void>; rss: { stop: () => number } } {
  // BENCH_CARE_WORKER_NODE_ARGS: extra node flags for the workers (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
  const nodeArgs = (process.env.BENCH_CARE_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, BIN, 'worker', '--no-triggers', '--concurrency', String(CONCURRENCY), '--interval-ms', '100'], {
    env: { ...process.env, DATABASE_URL: url, KANTA_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, KANTA_POOL_SIZE: String(CONCURRENCY + 2), KANTA_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (d: Buffer) => log(`worker ${child.pid}: ${d.toString().trim()}`));
  const ready = new Promise<void>((resolve) => child.stdout!.on('data', (d: Buffer) => d.toString().includes('running') && resolve()));
  return { child, ready, rss: sampleRss(child.pid!, 100) };
}

/** The baseline: nodemailer sending the same messages straight to the same server, as many connections as the workers have lanes. */
async function baseline(smtpPort: number, n: number): Promise<number> {
  const transport = nodemailer.createTransport({ pool: true, host: '127.0.0.1', port: smtpPort, secure: false, maxConnections: WORKERS * CONCURRENCY, maxMessages: Infinity });
  const t0 = performance.now();
  let next = 0;
  const lane = async () => {
    while (next < n) {
      const i = next++;
      await transport.sendMail({
        from: '"Kanta" <care@kanta.localhost>',
        to: `c${i}@bench.example`,
        subject: 'Kiitos tilauksesta',
        text: `Hei Asiakas ${i}!\n\nKiitos tilauksestasi.`,
        html: `<p>Hei Asiakas ${i}!</p><p>Kiitos tilauksestasi.</p>`,
        messageId: `<baseline-${i}@kanta.localhost>`,
        headers: { 'List-Unsubscribe': `<http://127.0.0.1:4400/u/x${i}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
      });
    }
  };
  await Promise.all(Array.from({ length: WORKERS * CONCURRENCY }, lane));
  const s = (performance.now() - t0) / 1000;
  transport.close();
  return s;
}

async function runSize(n: number, log: (s: string) => void): Promise<Record<string, string | number | boolean | null>> {
  const pgdb = await freshPostgres('care');
  const db = await openPostgres(pgdb.url, 4);
  const smtp = await countingSmtp();
  const workers: ReturnType<typeof startWorker>[] = [];
  try {
    await migrate(db);
    const ws = (await bootstrapWorkspace(db, { slug: 'bench', name: 'Bench' })).workspace.id;
    // No quiet hours (the bench runs at any hour); service mail has no frequency cap.
    await db.query(
      `INSERT INTO care_settings (workspace_id, quiet_start, quiet_end) VALUES ($1, '00:00', '00:00') ON CONFLICT (workspace_id) DO UPDATE SET quiet_start = '00:00', quiet_end = '00:00'`,
      [ws],
    );
    const el = await createCareElement(db, ws, {
      key: 'bench-thanks',
      subject_type: 'contact',
      enabled: true,
      definition: {
        name: { fi: 'Kiitos tilauksesta', en: 'Thanks for the order' },
        phase: 'activate',
        placement: { stages: [], segments: [] },
        trigger: { kind: 'event', event: 'Order Completed' },
        steps: [
          {
            id: 'mail',
            kind: 'email',
            purpose: 'service',
            template: { subject: { fi: 'Kiitos tilauksesta', en: 'Thanks for your order' }, body: { fi: 'Hei {{ contact.first_name }}!\n\nKiitos tilauksestasi.', en: 'Hi {{ contact.first_name }}!\n\nThanks for your order.' } },
          },
        ],
        holdout_percent: 0,
      },
    });
    await db.query(
      `INSERT INTO contacts (workspace_id, external_id, email, first_name, locale) SELECT $1, 'c' || g, 'c' || g || '@bench.example', 'Asiakas ' || g, 'fi' FROM generate_series(1, $2::integer) g`,
      [ws, n],
    );
    const load = loadavg()[0]!;
    log(`${n} contacts loaded; starting ${WORKERS} workers (${CONCURRENCY} lanes each)`);
    for (let i = 0; i < WORKERS; i++) workers.push(startWorker(pgdb.url, smtp.port, log));
    await Promise.all(workers.map((w) => w.ready));

    // 1. Backlog: every action falls due at once.
    const t0 = performance.now();
    await seedActions(db, ws, el.id, 'bench:backlog', 0);
    await waitAllDone(db, ws);
    const backlogS = (performance.now() - t0) / 1000;
    const backlog = await latencies(db, ws, 'bench:backlog');
    const throughput = n / backlogS;
    log(`backlog: ${n} in ${round(backlogS)} s (${Math.round(throughput)}/s), due->done p50 ${backlog.p50} ms p99 ${backlog.p99} ms, ${JSON.stringify(backlog.statuses)}`);

    // 2. Steady: actions fall due evenly at half that rate; due->done is the scheduling latency.
    const rate = Math.max(20, Math.round(throughput * STEADY_SHARE));
    // At most a minute of steady load.
    const steadyN = Math.min(n, STEADY_MAX, rate * 60);
    const windowMs = Math.round((steadyN / rate) * 1000);
    await db.query(`DELETE FROM care_runs WHERE workspace_id = $1`, [ws]);
    await db.query(`DELETE FROM care_messages WHERE workspace_id = $1`, [ws]);
    if (steadyN < n) await db.query(`DELETE FROM contacts WHERE workspace_id = $1 AND id > (SELECT min(id) + $2 - 1 FROM contacts WHERE workspace_id = $1)`, [ws, steadyN]);
    await seedActions(db, ws, el.id, 'bench:steady', windowMs);
    await waitAllDone(db, ws);
    const steady = await latencies(db, ws, 'bench:steady');
    log(`steady: ${steadyN} at ${rate}/s over ${round(windowMs / 1000)} s, due->done p50 ${steady.p50} ms p99 ${steady.p99} ms`);

    const peaks = workers.map((w) => w.rss.stop());
    for (const w of workers) w.child.kill('SIGTERM');
    await Promise.all(workers.map((w) => new Promise((r) => (w.child.exitCode !== null ? r(null) : w.child.once('exit', r)))));
    const ids = [...smtp.ids.values()];

    const baselineS = await baseline(smtp.port, n);
    log(`baseline nodemailer: ${n} in ${round(baselineS)} s`);
    return {
      actions: n,
      workers: WORKERS,
      'lanes/worker': CONCURRENCY,
      'kanta s': round(backlogS),
      'kanta actions/s': Math.round(throughput),
      'baseline s': round(baselineS),
      'kanta / baseline': round(backlogS / baselineS),
      'backlog due→done p50 ms': backlog.p50,
      'backlog due→done p99 ms': backlog.p99,
      'steady actions': steadyN,
      'steady rate/s': rate,
      'steady due→done p50 ms': steady.p50,
      'steady due→done p99 ms': steady.p99,
      'messages expected': n + steadyN,
      'distinct Message-IDs': ids.length,
      'raw redeliveries': ids.reduce((s, c) => s + c - 1, 0),
      'worker peak RSS MB': Math.round(Math.max(...peaks)),
      'load avg at start': round(load),
    };
  } finally {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    await smtp.close();
    await db.close();
    await pgdb.drop();
  }
}

export async function careSendScenario(opts: { quick: boolean; log: (s: string) => void }): Promise<ScenarioResult> {
  const sizes = (process.env.BENCH_CARE_SIZES ?? (opts.quick ? '2000' : '10000,100000')).split(',').map(Number);
  const rows = [];
  for (const n of sizes) rows.push(await runSize(n, opts.log));
  return {
    scenario: 'care-send',
    title: 'Care emails: due email actions delivered by two `kanta worker` processes on PostgreSQL to a local SMTP server',
    baseline: 'nodemailer sending the same number of messages straight to the same SMTP server, with as many pooled connections as the workers have lanes',
    target: '100,000 due email actions delivered in at most 60 s; due→executed p99 under 2 s; each worker under 300 MB RSS',
    columns: [
      'actions',
      'workers',
      'lanes/worker',
      'kanta s',
      'kanta actions/s',
      'baseline s',
      'kanta / baseline',
      'backlog due→done p50 ms',
      'backlog due→done p99 ms',
      'steady actions',
      'steady rate/s',
      'steady due→done p50 ms',
      'steady due→done p99 ms',
      'messages expected',
      'distinct Message-IDs',
      'raw redeliveries',
      'worker peak RSS MB',
      'load avg at start',
    ],
    rows,
    notes: [
      'Backlog: one email action per contact, all due at once (seeded in one statement once the workers are up); "kanta s" runs from the insert until every action is done.',
      'Each worker claims batches of up to 64 due actions (KANTA_CARE_BATCH_SIZE, default), two batches in flight, and sends over "lanes/worker" pooled SMTP connections (KANTA_CARE_CONCURRENCY); per batch: the elements, settings, existing messages, recipients and consent/suppression read once, the Liquid template rendered per recipient and locale, governance (consent, suppression, frequency caps, quiet hours) judged per contact, ONE insert of the care_messages rows before any SMTP traffic, SMTP with a stable Message-ID and List-Unsubscribe headers through the pooled transport (the MIME message built in one pass, src/programmes/email/build-care-mime.ts), then the outcomes, next steps, sent marks and their \'Email Sent\' timeline events and recompute-queue entries in ONE statement fenced by the leases.',
      'The bench waits for the end by two index probes every 200 ms (none scheduled, none running); until 2026-12-02 it counted the finished actions every 200 ms, a full read of care_actions that loaded the PostgreSQL being measured.',
      `Steady: up to ${STEADY_MAX.toLocaleString('en')} actions (at most a minute's worth) falling due evenly at ${STEADY_SHARE * 100} % of the backlog throughput; due→done is finished_at - due_at of each action (the workers tick every 100 ms).`,
      'Distinct Message-IDs and raw redeliveries count what the SMTP server received in the backlog and steady phases.',
      'The SMTP server, PostgreSQL, the workers and the bench share the same 2 cores; "load avg at start" is the 1-minute load average of the machine when the run began (other work on the machine slows both Kanta and the baseline).',
    ],
  };
}
