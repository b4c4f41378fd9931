import type { Command } from 'commander';
import { AppError } from '../../errors/app-error.js';
import { listOutboxMessages, type ListOutboxInput } from '../../programmes/email/list-outbox-messages.js';
import { resolveWorkspace } from '../../workspaces/resolve-workspace.js';
import { configFrom, withDatabase, type GlobalOptions } from '../context.js';
import { report } from '../output.js';

type OutboxOpts = GlobalOptions & { workspace?: string; transport?: string; contact?: string; limit?: string; cursor?: string; full?: boolean };

/** `kanta outbox`: care messages kept in the outbox (no SMTP configured), or the sent log. */
export function registerOutbox(program: Command): void {
  program
    .command('outbox')
    .description('care messages, newest first: the outbox (no SMTP configured) or, with --transport smtp, the sent log')
    .option('-w, --workspace <slug>', 'workspace (default: the only one)')
    .option('--transport <t>', 'outbox (default), smtp or all')
    .option('--contact <id>', 'only messages to this contact')
    .option('--full', 'print each message in full (text part)')
    .option('--limit <n>', 'messages per page (1-1000, default 50)')
    .option('--cursor <cursor>', 'the next page, as printed after a page')
    .action(async (_o, cmd: Command) => {
      const g = cmd.optsWithGlobals<OutboxOpts>();
      if (g.transport !== undefined && !['outbox', 'smtp', 'all'].includes(g.transport)) throw new AppError('bad_request', `--transport must be outbox, smtp or all, got "${g.transport}"`);
      for (const [name, v] of [['--contact', g.contact], ['--limit', g.limit]] as const) {
        if (v !== undefined && !/^[1-9]\d*$/.test(v)) throw new AppError('bad_request', `${name} must be a positive whole number, got "${v}"`);
      }
      const input: ListOutboxInput = {
        ...(g.transport !== undefined ? { transport: g.transport as ListOutboxInput['transport'] } : {}),
        ...(g.contact !== undefined ? { contact_id: Number(g.contact) } : {}),
        ...(g.limit !== undefined ? { limit: Number(g.limit) } : {}),
        ...(g.cursor !== undefined ? { cursor: g.cursor } : {}),
      };
      const page = await withDatabase(configFrom(g), async (db) => listOutboxMessages(db, (await resolveWorkspace(db, g.workspace)).id, input));
      report(!!g.json, page, () =>
        [
          ...page.data.map((m) => {
            const head = `${new Date(m.created_at).toISOString().slice(0, 19).replace('T', ' ')}\t${m.status}\t${m.to_address}\t${m.subject}`;
            return g.full ? `${head}\nMessage-ID: ${m.message_id}\n\n${m.text_body}\n` : head;
          }),
          page.data.length === 0 ? 'No messages.' : page.next_cursor ? `More: --cursor ${page.next_cursor}` : '',
        ]
          .filter(Boolean)
          .join('\n'),
      );
    });
}
