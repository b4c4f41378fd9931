import type { Command } from 'commander';
import { registerKeys } from './commands/keys-command.js';
import { registerMigrate } from './commands/migrate-command.js';
import { registerServe } from './commands/serve-command.js';

/** Every CLI command, registered in one place. */
export function registerCommands(program: Command): void {
  registerServe(program);
  registerMigrate(program);
  registerKeys(program);
}
