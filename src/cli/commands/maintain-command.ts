import type { Command } from 'commander';
import { maintainTables, type TableUpkeep } from '../../maintenance/maintain-tables.js';
import { configFrom, withDatabase, type GlobalOptions } from '../context.js';
import { report } from '../output.js';
import { progressBar } from '../progress.js';

type MaintainOpts = GlobalOptions & { ifNeeded?: boolean };

const n = (x: number) => x.toLocaleString('en');

const WHY: Record<NonNullable<TableUpkeep['vacuum']>, (dead: number) => string> = {
  'dead rows': (dead) => `${n(dead)} dead rows`,
  inserts: () => 'rows inserted since its last VACUUM',
  freeze: () => 'old transaction ids to freeze',
  uncounted: () => 'once a run: the embedded database does not keep the counts of earlier runs',
};

export function registerMaintain(program: Command): void {
  program
    .command('maintain')
    .description('vacuum and analyse the tables due, by autovacuum\'s rules (`kanta serve` does it on its own on the embedded database)')
    .option('--if-needed', 'on PostgreSQL, do nothing where the server\'s autovacuum is on')
    .action(async (_o, cmd: Command) => {
      const g = cmd.optsWithGlobals<MaintainOpts>();
      const bar = progressBar('Vacuuming and analysing tables', 'tables', !!g.json);
      const result = await withDatabase(configFrom(g), (db) =>
        maintainTables(db, { force: !g.ifNeeded, onProgress: (p) => bar.onProgress(p.done, p.total) }),
      ).finally(bar.stop);
      report(!!g.json, result, () => {
        if (result.by === 'autovacuum') return "The server's autovacuum keeps this database's tables: nothing to do.";
        if (result.done.length === 0) return 'No table was due for a VACUUM or an ANALYZE.';
        return [
          `Maintained ${n(result.done.length)} tables in ${(result.ms / 1000).toFixed(1)} s:`,
          ...result.done.map((t) => `  ${t.table}: ${[t.vacuum ? `VACUUM (${WHY[t.vacuum](t.deadRows)})` : null, t.analyze ? 'ANALYZE' : null].filter(Boolean).join(' + ')} in ${Math.round(t.ms)} ms`),
        ].join('\n');
      });
    });
}
