import type { Command } from 'commander';
import { AppError } from '../../errors/app-error.js';
import { createDemoWorkspace } from '../../demo/create-demo-workspace.js';
import { DEFAULT_EVENTS_PER_ACCOUNT } from '../../demo/generate-demo-company.js';
import { configFrom, withDatabase, type GlobalOptions } from '../context.js';
import { report } from '../output.js';
import { progressBar } from '../progress.js';

type DemoOpts = GlobalOptions & { workspace?: string; seed?: string; scale?: string; eventsPerAccount?: string; referenceDate?: string };

function numberFlag(flag: string, raw: string | undefined, pattern: RegExp, what: string): number | undefined {
  if (raw === undefined) return undefined;
  if (!pattern.test(raw)) throw new AppError('bad_request', `${flag} must be ${what}, got "${raw}"`);
  return Number(raw);
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('create a new workspace (with keys) holding the demo company: a Finnish B2B SaaS firm with three years of history')
    .option('-w, --workspace <slug>', 'slug of the new workspace (default demo-<seed>)')
    .option('--seed <n>', 'random seed: the same seed gives the same data (default 1)')
    .option('--scale <x>', 'accounts multiplier: 1 is about 2,000 accounts, 500 about a million (default 1)')
    .option('--events-per-account <n>', `average events per account (default ${DEFAULT_EVENTS_PER_ACCOUNT})`)
    .option('--reference-date <YYYY-MM-DD>', 'the history ends the day before this date (default today)')
    .action(async (_o, cmd: Command) => {
      const g = cmd.optsWithGlobals<DemoOpts>();
      const seed = numberFlag('--seed', g.seed, /^\d+$/, 'a whole number') ?? 1;
      const scale = numberFlag('--scale', g.scale, /^(\d+(\.\d*)?|\.\d+)$/, 'a positive number');
      const eventsPerAccount = numberFlag('--events-per-account', g.eventsPerAccount, /^\d+(\.\d*)?$/, 'a number');
      const slug = g.workspace ?? `demo-${seed}`;
      const bar = progressBar('Loading the demo company', 'rows', !!g.json);
      const result = await withDatabase(configFrom(g), (db) =>
        createDemoWorkspace(db, {
          slug,
          demo: {
            seed,
            ...(scale !== undefined ? { scale } : {}),
            ...(eventsPerAccount !== undefined ? { eventsPerAccount } : {}),
            referenceDate: g.referenceDate ?? new Date().toISOString().slice(0, 10),
            onProgress: bar.onProgress,
          },
        }),
      ).finally(bar.stop);
      const demo = result.demo!;
      report(
        !!g.json,
        {
          workspace: { id: result.workspace.id, slug: result.workspace.slug, name: result.workspace.name },
          adminKey: result.adminKey.token,
          writeKey: result.writeKey.token,
          seed: demo.seed,
          scale: demo.scale,
          eventsPerAccount: demo.eventsPerAccount,
          referenceDate: demo.referenceDate,
          counts: demo.counts,
          rows: demo.rows,
          seconds: Math.round(demo.ms / 100) / 10,
        },
        () =>
          [
            `Created workspace "${result.workspace.slug}" with the demo company in ${(demo.ms / 1000).toFixed(1)} s (seed ${demo.seed}, history to ${demo.referenceDate}):`,
            ...Object.entries(demo.counts).map(([table, n]) => `  ${table.padEnd(19)} ${n.toLocaleString('en').padStart(11)}`),
            `Admin API key (shown only now): ${result.adminKey.token}`,
            `Ingest write key (shown only now): ${result.writeKey.token}`,
          ].join('\n'),
      );
    });
}
