import type { Command } from 'commander';
import { AppError } from '../../errors/app-error.js';
import { buildServer } from '../../http/build-server.js';
import { migrate } from '../../db/migrate.js';
import { openDatabase } from '../../db/open-database.js';
import { bootstrapFirstStart } from '../../demo/bootstrap-first-start.js';
import { configFrom, type GlobalOptions } from '../context.js';
import { progressBar } from '../progress.js';
import { createCareRuntime } from '../../programmes/engine/create-care-runtime.js';
import { autovacuumRuns } from '../../maintenance/maintain-tables.js';

type ServeOpts = GlobalOptions & { port?: string; host?: string; demo?: boolean };

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('migrate, create the demo workspace on first start, and serve the API and web UI')
    .option('-p, --port <port>', 'port to listen on (default 4400, or PORT)')
    .option('--host <host>', 'address to listen on (default 127.0.0.1, or KANTA_HOST)')
    .option('--no-demo', 'on first start, create an empty workspace instead of the demo company')
    .action(async (_o, cmd: Command) => {
      const g = cmd.optsWithGlobals<ServeOpts>();
      if (g.port !== undefined && !/^\d+$/.test(g.port)) throw new AppError('bad_request', `--port must be a number, got "${g.port}"`);
      const config = configFrom(g, {
        ...(g.port !== undefined ? { port: Number(g.port) } : {}),
        ...(g.host !== undefined ? { host: g.host } : {}),
        ...(g.demo === false ? { demoOnFirstStart: false } : {}),
      });
      const started = Date.now();
      const db = await openDatabase(config);
      await migrate(db);
      const lines: string[] = [];
      // First start: workspace, keys and (unless --no-demo) the demo company with three years of
      // history up to today, all in one transaction, so a crash leaves an empty database.
      const bar = progressBar('Loading the demo company', 'rows', !!g.json);
      const boot = await bootstrapFirstStart(db, {
        demo: config.demoOnFirstStart ? { referenceDate: new Date().toISOString().slice(0, 10), onProgress: bar.onProgress } : null,
      }).finally(bar.stop);
      if (boot) {
        lines.push(
          `First start: created workspace "${boot.workspace.slug}".`,
          ...(boot.demo
            ? [`  Demo company loaded: ${boot.demo.counts.accounts.toLocaleString('en')} accounts, ${boot.demo.counts.contacts.toLocaleString('en')} contacts, ${boot.demo.counts.orders.toLocaleString('en')} orders, ${boot.demo.counts.events.toLocaleString('en')} events.`]
            : []),
          `  Admin API key (shown only now): ${boot.adminKey.token}`,
          `  Ingest write key (shown only now): ${boot.writeKey.token}`,
        );
      } else {
        lines.push('Keys are shown only when made: `npx kanta keys create admin` makes a new one.');
      }
      // Care programmes run here too (in-process; `kanta worker` adds processes on PostgreSQL).
      const careRuntime = config.careWorker ? createCareRuntime(config) : null;
      const app = await buildServer({
        config,
        db,
        // Segments and stages follow the data: the queue is drained in this process while it serves.
        recomputeWorker: config.recomputeWorker
          ? {
              drainIntervalMs: config.recomputeIntervalMs,
              scheduleIntervalMs: config.recomputeScheduleMs,
              drainLimit: config.recomputeDrainLimit,
              drains: config.recomputeDrains,
              ...(config.recomputeBatchSize !== null ? { batchSize: config.recomputeBatchSize } : {}),
            }
          : undefined,
        // PGlite has no autovacuum: this process vacuums and analyses its tables (maintain-tables.ts).
        maintenanceWorker:
          config.maintenanceIntervalMs > 0 && (db.kind === 'pglite' || config.maintenanceOnPostgres)
            ? { intervalMs: config.maintenanceIntervalMs, force: config.maintenanceOnPostgres }
            : undefined,
        careWorker: careRuntime
          ? { runtime: careRuntime, intervalMs: config.careIntervalMs, concurrency: config.careConcurrency, batchSize: config.careBatchSize, leaseMs: config.careLeaseMs }
          : undefined,
      });
      if (db.kind === 'postgres' && !config.maintenanceOnPostgres && !(await autovacuumRuns(db))) {
        lines.push(
          'Note: autovacuum is off on this PostgreSQL server, so nothing vacuums or analyses Kanta\'s tables: run `npx kanta maintain` regularly, or set KANTA_MAINTENANCE_ON_POSTGRES=true to have this server do it.',
        );
      }
      const address = await app.listen({ port: config.port, host: config.host });
      const where = config.databaseUrl ? 'PostgreSQL' : `embedded database in ${config.dataDir}`;
      process.stdout.write(
        [`Kanta is running at ${address} (${where}), ready in ${((Date.now() - started) / 1000).toFixed(1)} s.`, ...lines, `API docs: ${address}/api/docs`].join('\n') + '\n',
      );
      const stop = async () => {
        await app.close();
        careRuntime?.close();
        await db.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
