import type { Command } from 'commander';
import { registerDemo } from './commands/demo-command.js';
import { registerKeys } from './commands/keys-command.js';
import { registerMigrate } from './commands/migrate-command.js';
import { registerServe } from './commands/serve-command.js';
import { registerImport } from './commands/import-command.js';
import { registerLifecycle } from './commands/lifecycle-command.js';
import { registerAnalytics } from './commands/analytics-command.js';
import { registerSegments } from './commands/segments-command.js';
import { registerRecompute } from './commands/recompute-command.js';
import { registerProgrammes } from './commands/programmes-command.js';
import { registerWorker } from './commands/worker-command.js';
import { registerActions } from './commands/actions-command.js';
import { registerTasks } from './commands/tasks-command.js';
import { registerOutbox } from './commands/outbox-command.js';
import { registerMaintain } from './commands/maintain-command.js';

/** Every CLI command, registered in one place. */
export function registerCommands(program: Command): void {
  registerServe(program);
  registerMigrate(program);
  registerKeys(program);
  registerDemo(program);
  registerImport(program);
  registerLifecycle(program);
  registerAnalytics(program);
  registerSegments(program);
  registerRecompute(program);
  registerProgrammes(program);
  registerWorker(program);
  registerActions(program);
  registerTasks(program);
  registerOutbox(program);
  registerMaintain(program);
}
