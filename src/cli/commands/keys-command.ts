import type { Command } from 'commander';
import { configFrom, withDatabase, type GlobalOptions } from '../context.js';
import { report } from '../output.js';
import { AppError } from '../../errors/app-error.js';
import { createApiKey } from '../../workspaces/create-api-key.js';
import { listApiKeys, revokeApiKey } from '../../workspaces/revoke-api-key.js';
import { resolveWorkspace } from '../../workspaces/resolve-workspace.js';

type KeyOpts = GlobalOptions & { workspace?: string; name?: string };

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('API keys of a workspace (stored only as hashes)');
  keys
    .command('create')
    .description('make a new key and print it once')
    .argument('<kind>', 'admin (full API) or write (tracking ingest only)')
    .option('-w, --workspace <slug>', 'workspace (default: the only one)')
    .option('-n, --name <name>', 'a name to recognise the key by')
    .action(async (kind: string, _o, cmd: Command) => {
      const g = cmd.optsWithGlobals<KeyOpts>();
      if (kind !== 'admin' && kind !== 'write') throw new AppError('bad_request', `kind must be "admin" or "write", got "${kind}"`);
      const key = await withDatabase(configFrom(g), async (db) => {
        const ws = await resolveWorkspace(db, g.workspace);
        return { workspace: ws.slug, ...(await createApiKey(db, ws.id, { kind, ...(g.name ? { name: g.name } : {}) })) };
      });
      report(!!g.json, key, () => `New ${key.kind} key for workspace ${key.workspace} (shown only now):\n${key.token}`);
    });
  keys
    .command('list')
    .description('list keys (prefixes only)')
    .option('-w, --workspace <slug>', 'workspace (default: the only one)')
    .action(async (_o, cmd: Command) => {
      const g = cmd.optsWithGlobals<KeyOpts>();
      const list = await withDatabase(configFrom(g), async (db) => listApiKeys(db, (await resolveWorkspace(db, g.workspace)).id));
      report(!!g.json, list, () =>
        list
          .map((k) => `${k.id}\t${k.kind}\t${k.token_prefix}…\t${k.name}${k.revoked_at ? '\t(revoked)' : ''}`)
          .join('\n') || 'No keys.',
      );
    });
  keys
    .command('revoke')
    .description('revoke a key by id')
    .argument('<id>', 'key id from `kanta keys list`')
    .option('-w, --workspace <slug>', 'workspace (default: the only one)')
    .action(async (id: string, _o, cmd: Command) => {
      const g = cmd.optsWithGlobals<KeyOpts>();
      if (!/^\d+$/.test(id)) throw new AppError('bad_request', `key id must be a number, got "${id}"`);
      await withDatabase(configFrom(g), async (db) => revokeApiKey(db, (await resolveWorkspace(db, g.workspace)).id, Number(id)));
      report(!!g.json, { revoked: Number(id) }, () => `Key ${id} revoked.`);
    });
}
