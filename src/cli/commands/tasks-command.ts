import type { Command } from 'commander';
import { AppError } from '../../errors/app-error.js';
import { completeTask } from '../../programmes/tasks/complete-task.js';
import { listTasks, type ListTasksInput } from '../../programmes/tasks/list-tasks.js';
import type { CareTask } from '../../programmes/tasks/care-task.js';
import { resolveWorkspace } from '../../workspaces/resolve-workspace.js';
import { configFrom, withDatabase, type GlobalOptions } from '../context.js';
import { report } from '../output.js';

type TaskOpts = GlobalOptions & { workspace?: string; status?: string; assignee?: string; account?: string; limit?: string; cursor?: string; by?: string; note?: string };

function whole(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9]\d*$/.test(value)) throw new AppError('bad_request', `${name} must be a positive whole number, got "${value}"`);
  return Number(value);
}

function line(t: CareTask): string {
  const who = t.account_name ?? (t.contact_name ? t.contact_name : '-');
  return `${t.id}\t${t.status}\tdue ${new Date(t.due_at).toISOString().slice(0, 16).replace('T', ' ')}\t${t.assignee ?? '(unassigned)'}\t${who}\t${t.title}`;
}

/** `kanta tasks list|complete`: the care task inbox of account owners. */
export function registerTasks(program: Command): void {
  const tasks = program.command('tasks').description('care tasks for account owners (the KAM task inbox)');
  const withWorkspace = (c: Command) => c.option('-w, --workspace <slug>', 'workspace (default: the only one)');

  withWorkspace(
    tasks
      .command('list')
      .description('tasks by due date (open ones unless --status)')
      .option('--status <status>', 'open (default), done, cancelled or all')
      .option('--assignee <user>', "only this person's tasks")
      .option('--account <id>', 'only tasks of this account')
      .option('--limit <n>', 'tasks per page (1-1000, default 50)')
      .option('--cursor <cursor>', 'the next page, as printed after a page'),
  ).action(async (_o, cmd: Command) => {
    const g = cmd.optsWithGlobals<TaskOpts>();
    if (g.status !== undefined && !['open', 'done', 'cancelled', 'all'].includes(g.status)) throw new AppError('bad_request', `--status must be open, done, cancelled or all, got "${g.status}"`);
    const input: ListTasksInput = {
      ...(g.status !== undefined ? { status: g.status as ListTasksInput['status'] } : {}),
      ...(g.assignee !== undefined ? { assignee: g.assignee } : {}),
      ...(g.account !== undefined ? { account_id: whole('--account', g.account) } : {}),
      ...(g.limit !== undefined ? { limit: whole('--limit', g.limit) } : {}),
      ...(g.cursor !== undefined ? { cursor: g.cursor } : {}),
    };
    const page = await withDatabase(configFrom(g), async (db) => listTasks(db, (await resolveWorkspace(db, g.workspace)).id, input));
    report(!!g.json, page, () =>
      [...page.data.map(line), page.data.length === 0 ? 'No tasks.' : page.next_cursor ? `More: --cursor ${page.next_cursor}` : ''].filter(Boolean).join('\n'),
    );
  });

  withWorkspace(
    tasks
      .command('complete')
      .description("mark a task done (adds 'Task Completed' to the customer's timeline)")
      .argument('<id>', 'task id')
      .option('--by <user>', 'who did it (default the assignee)')
      .option('--note <text>', 'what was done'),
  ).action(async (id: string, _o, cmd: Command) => {
    const g = cmd.optsWithGlobals<TaskOpts>();
    const taskId = whole('task id', id)!;
    const task = await withDatabase(configFrom(g), async (db) =>
      completeTask(db, (await resolveWorkspace(db, g.workspace)).id, taskId, { ...(g.by !== undefined ? { completed_by: g.by } : {}), ...(g.note !== undefined ? { note: g.note } : {}) }),
    );
    report(!!g.json, task, () => `Done: ${line(task)}`);
  });
}
