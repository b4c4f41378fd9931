import type { Command } from 'commander';
import { AppError } from '../../errors/app-error.js';
import { PARALLEL_BATCHES, recomputeWorkspace } from '../../recompute/recompute-workspace.js';
import { resolveWorkspace } from '../../workspaces/resolve-workspace.js';
import { configFrom, withDatabase, type GlobalOptions } from '../context.js';
import { report } from '../output.js';
import { progressBar } from '../progress.js';

type RecomputeOpts = GlobalOptions & { workspace?: string; batchSize?: string; parallel?: string };

const n = (x: number) => x.toLocaleString('en');

export function registerRecompute(program: Command): void {
  program
    .command('recompute')
    .description("recompute every dynamic segment and lifecycle stage of a workspace (the server's worker keeps them current otherwise)")
    .option('-w, --workspace <slug>', 'workspace (default: the only one)')
    .option('--batch-size <n>', 'subjects per batch (default 20000)')
    .option('--parallel <n>', `batches at once on PostgreSQL, each on its own connection (default ${PARALLEL_BATCHES}; PGlite runs one)`)
    .action(async (_o, cmd: Command) => {
      const g = cmd.optsWithGlobals<RecomputeOpts>();
      if (g.batchSize !== undefined && !/^[1-9]\d*$/.test(g.batchSize)) throw new AppError('bad_request', `--batch-size must be a positive number, got "${g.batchSize}"`);
      if (g.parallel !== undefined && !/^[1-9]\d*$/.test(g.parallel)) throw new AppError('bad_request', `--parallel must be a positive number, got "${g.parallel}"`);
      const parallel = g.parallel === undefined ? PARALLEL_BATCHES : Number(g.parallel);
      const bar = progressBar('Recomputing segments and stages', 'subjects', !!g.json);
      const result = await withDatabase(configFrom(g), async (db) =>
        recomputeWorkspace(db, (await resolveWorkspace(db, g.workspace)).id, {
          onProgress: bar.onProgress,
          parallel,
          ...(g.batchSize !== undefined ? { batchSize: Number(g.batchSize) } : {}),
        }),
      ).finally(bar.stop);
      report(!!g.json, result, () =>
        [
          `Recomputed ${n(result.subjects.account)} accounts and ${n(result.subjects.contact)} contacts in ${(result.ms / 1000).toFixed(1)} s (${n(result.batches)} batches).`,
          `  Segments: ${n(result.segments.evaluated)} evaluated, ${n(result.segments.entered)} entries, ${n(result.segments.exited)} exits.`,
          `  Stages: ${n(result.stages.placed)} placed, ${n(result.stages.moved)} moves${result.stages.reset ? `, ${n(result.stages.reset)} reset` : ''}.`,
        ].join('\n'),
      );
    });
}
