import type { Command } from 'commander';
import { configFrom, withDatabase, type GlobalOptions } from '../context.js';
import { report } from '../output.js';
import { migrate } from '../../db/migrate.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply database migrations (serve does this too)')
    .action(async (_opts, cmd: Command) => {
      const g = cmd.optsWithGlobals<GlobalOptions>();
      const config = configFrom(g);
      // withDatabase migrates on open; a second call reports what is now there.
      const result = await withDatabase(config, (db) => migrate(db));
      report(!!g.json, result, () =>
        `Database is up to date (${result.alreadyApplied + result.applied.length} migrations, ${result.applied.length} applied now).`,
      );
    });
}
