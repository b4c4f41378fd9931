import type { Command } from 'commander';
import { AppError } from '../../errors/app-error.js';
import { migrate } from '../../db/migrate.js';
import { openDatabase } from '../../db/open-database.js';
import { createCareRuntime } from '../../programmes/engine/create-care-runtime.js';
import { startCareWorker } from '../../programmes/engine/run-care-worker.js';
import { configFrom, type GlobalOptions } from '../context.js';

type WorkerOpts = GlobalOptions & { concurrency?: string; batchSize?: string; intervalMs?: string; leaseMs?: string; triggers?: boolean };

const whole = (flag: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(v)) throw new AppError('bad_request', `${flag} must be a positive whole number, got "${v}"`);
  return Number(v);
};

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description('run care programmes (trigger scans and due care actions) in a process of its own; any number of them on one PostgreSQL database')
    .option('--concurrency <n>', 'actions executed at once: SMTP connections, up to 32 (default 16, or KANTA_CARE_CONCURRENCY)')
    .option('--batch-size <n>', 'due actions claimed per batch, two batches at once (default 64, or KANTA_CARE_BATCH_SIZE)')
    .option('--interval-ms <ms>', 'pause between ticks (default 250, or KANTA_CARE_INTERVAL_MS)')
    .option('--lease-ms <ms>', 'how long a claimed action is leased before another worker may take it over (default 120000, or KANTA_CARE_LEASE_MS)')
    .option('--no-triggers', 'only run due actions; leave trigger scanning to other workers')
    .action(async (_o, cmd: Command) => {
      const g = cmd.optsWithGlobals<WorkerOpts>();
      const concurrency = whole('--concurrency', g.concurrency);
      const batchSize = whole('--batch-size', g.batchSize);
      const intervalMs = whole('--interval-ms', g.intervalMs);
      const leaseMs = whole('--lease-ms', g.leaseMs);
      const config = configFrom(g, {
        ...(concurrency !== undefined ? { careConcurrency: concurrency } : {}),
        ...(batchSize !== undefined ? { careBatchSize: batchSize } : {}),
        ...(intervalMs !== undefined ? { careIntervalMs: intervalMs } : {}),
        ...(leaseMs !== undefined ? { careLeaseMs: leaseMs } : {}),
      });
      if (!config.databaseUrl) {
        throw new AppError('bad_request', 'kanta worker needs PostgreSQL (DATABASE_URL or --database-url): on the embedded database `kanta serve` runs the care worker itself');
      }
      // A connection for every lane (and the claims), unless KANTA_POOL_SIZE asks for more.
      const db = await openDatabase({ ...config, poolSize: Math.max(config.poolSize, config.careConcurrency + 2) });
      await migrate(db);
      const runtime = createCareRuntime(config);
      const worker = startCareWorker(db, {
        runtime,
        intervalMs: config.careIntervalMs,
        concurrency: config.careConcurrency,
        batchSize: config.careBatchSize,
        leaseMs: config.careLeaseMs,
        triggers: g.triggers !== false,
        onError: (e) => process.stderr.write(`care worker: ${e instanceof Error ? e.message : String(e)}\n`),
      });
      const line = { worker: runtime.workerId, concurrency: config.careConcurrency, smtp: config.smtpUrl ? 'smtp' : 'outbox' };
      process.stdout.write(g.json ? `${JSON.stringify({ started: line })}\n` : `Care worker ${line.worker} running (${line.concurrency} at once, mail to ${line.smtp}). Ctrl-C stops it.\n`);
      const stop = async () => {
        await worker.stop();
        runtime.close();
        await db.close();
        const stats = worker.stats();
        process.stdout.write(g.json ? `${JSON.stringify({ stopped: stats })}\n` : `Stopped after ${stats.executed} actions, ${stats.enrolled} enrolments.\n`);
        process.exit(0);
      };
      process.once('SIGINT', () => void stop());
      process.once('SIGTERM', () => void stop());
    });
}
