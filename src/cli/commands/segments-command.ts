import type { Command } from 'commander';
import type { Database } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import { recomputeWorkspace } from '../../recompute/recompute-workspace.js';
import { createSegment, type CreateSegmentInput } from '../../segments/create-segment.js';
import { deleteSegment } from '../../segments/delete-segment.js';
import { getSegment } from '../../segments/get-segment.js';
import { listSegmentMembers } from '../../segments/list-segment-members.js';
import { listSegments } from '../../segments/list-segments.js';
import { previewSegment } from '../../segments/preview-segment.js';
import type { Segment } from '../../segments/segment.js';
import { updateSegment, type UpdateSegmentInput } from '../../segments/update-segment.js';
import { resolveWorkspace } from '../../workspaces/resolve-workspace.js';
import { configFrom, withDatabase, type GlobalOptions } from '../context.js';
import { report } from '../output.js';
import { readJsonFile } from '../read-json-file.js';
import { progressBar } from '../progress.js';

type SegmentOpts = GlobalOptions & { workspace?: string; limit?: string; cursor?: string };

const n = (x: number) => x.toLocaleString('en');

/** A JSON object from a file, or a bad_request naming the file and what is wrong. */
function readJsonObjectFile(path: string): Record<string, unknown> {
  const parsed = readJsonFile(path);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new AppError('bad_request', `${path} must hold a JSON object`);
  return parsed as Record<string, unknown>;
}

function pick(file: Record<string, unknown>, path: string, allowed: readonly string[]): void {
  const unknown = Object.keys(file).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) {
    throw new AppError('validation_failed', `${path} has fields a segment does not: ${unknown.join(', ')}`, unknown.map((k) => ({ path: `/${k}`, message: `is not a field (${allowed.join(', ')})` })));
  }
}

function text(file: Record<string, unknown>, field: string, required: boolean): string | undefined {
  const v = file[field];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || v.length === 0) throw new AppError('validation_failed', `${field} must be a non-empty string`, [{ path: `/${field}`, message: 'must be a non-empty string' }]);
  return v;
}

/** A new or changed rule is evaluated at once here (no server worker runs in the CLI process), with a progress bar. */
async function evaluate(db: Database, workspaceId: number, segment: Segment, json: boolean): Promise<Segment> {
  if (segment.kind !== 'dynamic' || segment.evaluated_version === segment.version) return segment;
  const bar = progressBar(`Evaluating ${segment.key}`, 'subjects', json);
  try {
    await recomputeWorkspace(db, workspaceId, { segments: { ids: [segment.id] }, stages: 'none', onProgress: bar.onProgress });
  } finally {
    bar.stop();
  }
  return getSegment(db, workspaceId, segment.id);
}

function line(s: Segment): string {
  const evaluated = s.kind === 'static' ? 'static' : s.evaluated_version === s.version ? 'evaluated' : 'not evaluated yet';
  return `${s.key}\t${s.subject_type}\t${s.kind}\t${n(s.member_count)} members\t${s.name}\t(v${s.version}, ${evaluated})`;
}

export function registerSegments(program: Command): void {
  const segments = program.command('segments').description('segments of accounts or contacts: dynamic (a rule) or static (by hand)');
  const withWorkspace = (c: Command) => c.option('-w, --workspace <slug>', 'workspace (default: the only one)');

  withWorkspace(segments.command('list').description('list the segments')).action(async (_o, cmd: Command) => {
    const g = cmd.optsWithGlobals<SegmentOpts>();
    const list = await withDatabase(configFrom(g), async (db) => listSegments(db, (await resolveWorkspace(db, g.workspace)).id));
    report(!!g.json, list, () => list.data.map(line).join('\n') || 'No segments yet: `kanta segments create FILE` makes one.');
  });

  withWorkspace(segments.command('show').description('a segment with its rule in words').argument('<key>', 'segment key')).action(async (key: string, _o, cmd: Command) => {
    const g = cmd.optsWithGlobals<SegmentOpts>();
    const s = await withDatabase(configFrom(g), async (db) => getSegment(db, (await resolveWorkspace(db, g.workspace)).id, key));
    report(!!g.json, s, () =>
      [line(s), ...(s.description ? [s.description] : []), ...(s.rule_text ? [`Rule: ${s.rule_text.en}`, `Sääntö: ${s.rule_text.fi}`] : []), ...(s.referenced_by.length ? [`Referenced by: ${s.referenced_by.join(', ')}`] : [])].join('\n'),
    );
  });

  withWorkspace(
    segments
      .command('create')
      .description('create a segment from a JSON file { key, name, description?, subject_type, kind, rule? } and evaluate it')
      .argument('<file>', 'JSON file'),
  ).action(async (file: string, _o, cmd: Command) => {
    const g = cmd.optsWithGlobals<SegmentOpts>();
    const body = readJsonObjectFile(file);
    pick(body, file, ['key', 'name', 'description', 'subject_type', 'kind', 'rule']);
    const input: CreateSegmentInput = {
      key: text(body, 'key', true)!,
      name: text(body, 'name', true)!,
      description: (body.description as string | null | undefined) ?? null,
      subject_type: body.subject_type as CreateSegmentInput['subject_type'],
      kind: (body.kind ?? (body.rule !== undefined ? 'dynamic' : 'static')) as CreateSegmentInput['kind'],
      rule: body.rule,
    };
    if (input.subject_type !== 'account' && input.subject_type !== 'contact') {
      throw new AppError('validation_failed', 'subject_type must be "account" or "contact"', [{ path: '/subject_type', message: 'must be account or contact' }]);
    }
    const s = await withDatabase(configFrom(g), async (db) => {
      const ws = (await resolveWorkspace(db, g.workspace)).id;
      return evaluate(db, ws, await createSegment(db, ws, input), !!g.json);
    });
    report(!!g.json, s, () => `Created ${line(s)}`);
  });

  withWorkspace(
    segments
      .command('update')
      .description('change a segment from a JSON file { name?, description?, rule? } (a new version) and re-evaluate it')
      .argument('<key>', 'segment key')
      .argument('<file>', 'JSON file'),
  ).action(async (key: string, file: string, _o, cmd: Command) => {
    const g = cmd.optsWithGlobals<SegmentOpts>();
    const body = readJsonObjectFile(file);
    // A whole definition file (as for create) may be given: its key and type must match.
    pick(body, file, ['key', 'name', 'description', 'subject_type', 'kind', 'rule']);
    if (body.key !== undefined && body.key !== key) throw new AppError('validation_failed', `${file} is for segment "${String(body.key)}", not "${key}"`, [{ path: '/key', message: `must be ${key}` }]);
    const patch: UpdateSegmentInput = {
      ...(body.name !== undefined ? { name: text(body, 'name', true)! } : {}),
      ...(body.description !== undefined ? { description: body.description as string | null } : {}),
      ...(body.rule !== undefined ? { rule: body.rule } : {}),
    };
    const s = await withDatabase(configFrom(g), async (db) => {
      const ws = (await resolveWorkspace(db, g.workspace)).id;
      return evaluate(db, ws, await updateSegment(db, ws, key, patch), !!g.json);
    });
    report(!!g.json, s, () => `Updated ${line(s)}`);
  });

  withWorkspace(segments.command('delete').description('delete a segment (refused while other rules reference it)').argument('<key>', 'segment key')).action(
    async (key: string, _o, cmd: Command) => {
      const g = cmd.optsWithGlobals<SegmentOpts>();
      await withDatabase(configFrom(g), async (db) => deleteSegment(db, (await resolveWorkspace(db, g.workspace)).id, key));
      report(!!g.json, { deleted: key }, () => `Deleted segment ${key}.`);
    },
  );

  withWorkspace(
    segments
      .command('preview')
      .description('how many subjects a rule selects now, with a sample: a JSON file { subject_type, rule, key? } (a segment file works too)')
      .argument('<file>', 'JSON file'),
  ).action(async (file: string, _o, cmd: Command) => {
    const g = cmd.optsWithGlobals<SegmentOpts>();
    const body = readJsonObjectFile(file);
    const subject = body.subject_type;
    if (subject !== 'account' && subject !== 'contact') {
      throw new AppError('validation_failed', 'subject_type must be "account" or "contact"', [{ path: '/subject_type', message: 'must be account or contact' }]);
    }
    const preview = await withDatabase(configFrom(g), async (db) =>
      previewSegment(db, (await resolveWorkspace(db, g.workspace)).id, { subject_type: subject, rule: body.rule, key: typeof body.key === 'string' ? body.key : null }),
    );
    report(!!g.json, preview, () =>
      [
        `${n(preview.count)} of ${n(preview.out_of)} ${subject}s: ${preview.rule_text.en}`,
        ...preview.sample.map((s) => `  ${s.id}\t${s.name ?? ''}\t${s.detail ?? ''}\t${JSON.stringify(s.facts)}`),
      ].join('\n'),
    );
  });

  withWorkspace(
    segments
      .command('members')
      .description("a segment's members, in id order")
      .argument('<key>', 'segment key')
      .option('--limit <n>', 'members per page (1-1000, default 50)')
      .option('--cursor <cursor>', 'the next page, as printed after a page'),
  ).action(async (key: string, _o, cmd: Command) => {
    const g = cmd.optsWithGlobals<SegmentOpts>();
    if (g.limit !== undefined && !/^\d+$/.test(g.limit)) throw new AppError('bad_request', `--limit must be a number, got "${g.limit}"`);
    const page = await withDatabase(configFrom(g), async (db) =>
      listSegmentMembers(db, (await resolveWorkspace(db, g.workspace)).id, key, {
        ...(g.limit !== undefined ? { limit: Number(g.limit) } : {}),
        ...(g.cursor !== undefined ? { cursor: g.cursor } : {}),
      }),
    );
    report(!!g.json, page, () =>
      [
        ...page.data.map((m) => `${m.id}\t${m.name ?? '(deleted)'}\t${m.detail ?? ''}\t${m.entered_at.toISOString()}`),
        page.data.length === 0 ? 'No members.' : page.next_cursor ? `More: --cursor ${page.next_cursor}` : '',
      ]
        .filter(Boolean)
        .join('\n'),
    );
  });
}
