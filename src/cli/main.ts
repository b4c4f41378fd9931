import { Command, CommanderError } from 'commander';
import { isAppError } from '../errors/app-error.js';
import { registerCommands } from './register-commands.js';

const program = new Command();
program
  .name('kanta')
  .description('Kanta: customer relationship automation')
  .option('--data-dir <dir>', 'embedded database directory (default ./.kanta, or KANTA_DATA_DIR)')
  .option('--database-url <url>', 'use this PostgreSQL server instead of the embedded database (or DATABASE_URL)')
  .option('--json', 'print machine-readable JSON')
  .exitOverride();

registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode);
  if (isAppError(e)) {
    const json = program.opts<{ json?: boolean }>().json;
    if (json) process.stderr.write(JSON.stringify({ error: e.code, message: e.message, errors: e.issues }) + '\n');
    else {
      process.stderr.write(`kanta: ${e.message}\n`);
      for (const issue of e.issues.slice(0, 50)) process.stderr.write(`  ${issue.path}: ${issue.message}\n`);
      if (e.issues.length > 50) process.stderr.write(`  … and ${e.issues.length - 50} more\n`);
    }
    process.exit(2);
  }
  process.stderr.write(`kanta: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
}
