import type { Command } from 'commander';
import { AppError } from '../../errors/app-error.js';
import type { CareActionStatus } from '../../programmes/engine/care-action.js';
import { getSubjectCalendar } from '../../programmes/engine/get-subject-calendar.js';
import { listCareActions } from '../../programmes/engine/list-care-actions.js';
import { retryDeadAction } from '../../programmes/engine/retry-dead-action.js';
import { resolveWorkspace } from '../../workspaces/resolve-workspace.js';
import { configFrom, withDatabase, type GlobalOptions } from '../context.js';
import { report } from '../output.js';

type ActionsOpts = GlobalOptions & { workspace?: string; status?: string; element?: string; subject?: string; limit?: string; cursor?: string };

const positive = (what: string, v: string): number => {
  if (!/^[1-9]\d*$/.test(v)) throw new AppError('bad_request', `${what} must be a positive whole number, got "${v}"`);
  return Number(v);
};

/** `account:12` or `contact:34`. */
function subjectOf(v: string): { subject_type: 'account' | 'contact'; subject_id: number } {
  const m = /^(account|contact):(\d+)$/.exec(v);
  if (!m) throw new AppError('bad_request', `--subject must be account:<id> or contact:<id>, got "${v}"`);
  return { subject_type: m[1] as 'account' | 'contact', subject_id: positive('the subject id', m[2]!) };
}

const when = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) : '-');

export function registerActions(program: Command): void {
  const actions = program.command('actions').description('care actions: the durable schedule, the dead-letter list, retries and per-customer calendars');

  actions
    .command('list')
    .description('care actions by due time (--status dead: the dead-letter list)')
    .option('-w, --workspace <slug>', 'workspace (default: the only one)')
    .option('--status <status>', 'scheduled, running, done, skipped, dead or cancelled')
    .option('--element <id>', 'only this element (id)')
    .option('--subject <type:id>', 'only this customer, e.g. account:12')
    .option('--limit <n>', 'rows (default 50)')
    .option('--cursor <cursor>', 'the next page')
    .action(async (_o, cmd: Command) => {
      const g = cmd.optsWithGlobals<ActionsOpts>();
      const page = await withDatabase(configFrom(g), async (db) =>
        listCareActions(db, (await resolveWorkspace(db, g.workspace)).id, {
          ...(g.status !== undefined ? { status: g.status as CareActionStatus } : {}),
          ...(g.element !== undefined ? { element_id: positive('--element', g.element) } : {}),
          ...(g.subject !== undefined ? subjectOf(g.subject) : {}),
          ...(g.limit !== undefined ? { limit: positive('--limit', g.limit) } : {}),
          ...(g.cursor !== undefined ? { cursor: g.cursor } : {}),
        }),
      );
      report(!!g.json, page, () =>
        [
          ...page.data.map(
            (a) =>
              `#${a.id}  ${when(a.due_at)}  ${a.status.padEnd(9)} ${a.element_key}/${a.step_id} (${a.kind})  ${a.subject_type} ${a.subject_id}${a.subject_name ? ` ${a.subject_name}` : ''}` +
              `${a.attempts > 1 ? `  attempts ${a.attempts}` : ''}${a.last_error && a.status !== 'done' ? `\n      ${a.last_error}` : ''}${a.skip_reason ? `\n      ${a.skip_reason}` : ''}`,
          ),
          page.data.length === 0 ? 'No care actions.' : '',
          page.next_cursor ? `More: --cursor ${page.next_cursor}` : '',
        ]
          .filter(Boolean)
          .join('\n'),
      );
    });

  actions
    .command('retry <id>')
    .description('schedule a dead action again, due now')
    .option('-w, --workspace <slug>', 'workspace (default: the only one)')
    .action(async (id: string, _o, cmd: Command) => {
      const g = cmd.optsWithGlobals<ActionsOpts>();
      const actionId = positive('the action id', id);
      const r = await withDatabase(configFrom(g), async (db) => retryDeadAction(db, (await resolveWorkspace(db, g.workspace)).id, actionId));
      report(!!g.json, r, () => `Action #${r.id} is scheduled again, due ${r.due_at}.`);
    });

  actions
    .command('calendar <subject>')
    .description('what Kanta will do for one customer, and when: account:<id> or contact:<id>')
    .option('-w, --workspace <slug>', 'workspace (default: the only one)')
    .action(async (subject: string, _o, cmd: Command) => {
      const g = cmd.optsWithGlobals<ActionsOpts>();
      const s = subjectOf(subject);
      const cal = await withDatabase(configFrom(g), async (db) => getSubjectCalendar(db, (await resolveWorkspace(db, g.workspace)).id, s.subject_type, s.subject_id));
      report(!!g.json, cal, () =>
        [
          `Scheduled (${cal.scheduled.length}):`,
          ...cal.scheduled.map((a) => `  ${when(a.due_at)}  ${a.element_name.en} / ${a.step_id} (${a.kind})${a.status === 'running' ? ' running' : ''}`),
          `Coming dates (${cal.upcoming.length}):`,
          ...cal.upcoming.map((u) => `  ${u.on}  ${u.element_name.en} (${u.kind === 'anniversary' ? `anniversary of ${u.from_date}` : `from ${u.from_date}`})`),
          `History (${cal.history.length}):`,
          ...cal.history.map((a) => `  ${when(a.finished_at ?? a.due_at)}  ${a.status.padEnd(9)} ${a.element_name.en} / ${a.step_id}${a.skip_reason ? ` - ${a.skip_reason}` : ''}${a.status === 'dead' && a.last_error ? ` - ${a.last_error}` : ''}`),
        ].join('\n'),
      );
    });
}
