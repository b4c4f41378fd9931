import type { Command } from 'commander';
import { AppError } from '../../errors/app-error.js';
import { explainStage } from '../../lifecycle/explain-stage.js';
import { getLifecycleBoard } from '../../lifecycle/get-lifecycle-board.js';
import { getLifecycleDefinition } from '../../lifecycle/get-lifecycle-definition.js';
import type { LifecycleDefinition } from '../../lifecycle/lifecycle-definition.js';
import { listLifecycleVersions } from '../../lifecycle/list-lifecycle-versions.js';
import { saveLifecycleDefinition } from '../../lifecycle/save-lifecycle-definition.js';
import { describeRule } from '../../rules/describe-rule.js';
import type { Evaluation } from '../../rules/evaluate-rule.js';
import type { SubjectType } from '../../rules/rule.js';
import { resolveWorkspace } from '../../workspaces/resolve-workspace.js';
import { configFrom, withDatabase, type GlobalOptions } from '../context.js';
import { readJsonFile } from '../read-json-file.js';
import { report } from '../output.js';

type LifecycleOpts = GlobalOptions & {
  workspace?: string;
  subject?: string;
  dryRun?: boolean;
  map?: string[];
  note?: string;
  from?: string;
  to?: string;
};

function subjectOf(raw: string | undefined): SubjectType {
  const s = raw ?? 'account';
  if (s !== 'account' && s !== 'contact') throw new AppError('bad_request', `--subject must be "account" or "contact", got "${s}"`);
  return s;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** `--map old=new` flags as a stage mapping. */
function mappingOf(flags: string[] | undefined): Record<string, string> | undefined {
  if (!flags || flags.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const f of flags) {
    const m = /^([^=\s]+)=([^=\s]+)$/.exec(f);
    if (!m) throw new AppError('bad_request', `--map takes OLD=NEW (a deleted stage and where its subjects go), got "${f}"`);
    out[m[1]!] = m[2]!;
  }
  return out;
}

function showDefinition(version: number, def: LifecycleDefinition): string {
  const lines = [`Lifecycle version ${version} (initial stage: ${def.initial})`, '', 'Stages:'];
  for (const s of def.stages) lines.push(`  ${s.key.padEnd(12)} ${s.kind.padEnd(9)} ${s.name.en} / ${s.name.fi}`);
  lines.push('', 'Transitions (first that holds wins):');
  for (const t of def.transitions) {
    lines.push(`  ${t.key}: ${t.from === '*' ? '*' : t.from.join(', ')} -> ${t.to}`, `      ${t.description.en}`, `      when ${describeRule(t.rule, 'en')}`);
  }
  return lines.join('\n');
}

/** An evaluated rule as an indented tree: [x] holds, [ ] does not. */
function leaves(e: Evaluation, depth: number, out: string[]): void {
  out.push(`${'     '}${'  '.repeat(depth)}[${e.result ? 'x' : ' '}] ${e.text.en}`);
  for (const c of e.children ?? []) leaves(c, depth + 1, out);
}

/** The file of `apply`: a definition, or { definition, stageMapping?, note? } as the API takes it. */
async function readDefinitionFile(file: string): Promise<{ definition: unknown; stageMapping?: Record<string, string>; note?: string }> {
  const parsed = readJsonFile(file);
  if (typeof parsed === 'object' && parsed !== null && 'definition' in parsed) {
    return parsed as { definition: unknown; stageMapping?: Record<string, string>; note?: string };
  }
  return { definition: parsed };
}

export function registerLifecycle(program: Command): void {
  const lifecycle = program.command('lifecycle').description('lifecycle stages: the definition, its versions, the board and why a customer is where it is');
  const common = (c: Command) =>
    c.option('-w, --workspace <slug>', 'workspace (default: the only one)').option('-s, --subject <type>', 'account (default) or contact');

  common(lifecycle.command('show').description('the current lifecycle definition')).action(async (_o, cmd: Command) => {
    const g = cmd.optsWithGlobals<LifecycleOpts>();
    const subject = subjectOf(g.subject);
    const stored = await withDatabase(configFrom(g), async (db) => getLifecycleDefinition(db, (await resolveWorkspace(db, g.workspace)).id, subject));
    report(!!g.json, stored, () => showDefinition(stored.version, stored.definition));
  });

  common(lifecycle.command('versions').description('every version of the definition, newest first')).action(async (_o, cmd: Command) => {
    const g = cmd.optsWithGlobals<LifecycleOpts>();
    const subject = subjectOf(g.subject);
    const list = await withDatabase(configFrom(g), async (db) => listLifecycleVersions(db, (await resolveWorkspace(db, g.workspace)).id, subject));
    report(!!g.json, list, () =>
      list
        .map((v) => `${String(v.version).padStart(4)}  ${v.created_at.toISOString()}  ${v.definition.stages.length} stages, ${v.definition.transitions.length} transitions  ${v.note ?? ''}`)
        .join('\n'),
    );
  });

  common(
    lifecycle
      .command('apply')
      .description('save an edited definition (JSON file) as a new version')
      .argument('<file>', 'the definition, or { "definition": ..., "stageMapping": {...} } (e.g. edited output of `lifecycle show --json`)')
      .option('--dry-run', 'report what would change (subjects in deleted stages and where they go) without saving')
      .option('--map <old=new>', 'send the subjects of deleted stage OLD to stage NEW (repeatable)', collect)
      .option('--note <text>', 'why the definition changed'),
  ).action(async (file: string, _o, cmd: Command) => {
    const g = cmd.optsWithGlobals<LifecycleOpts>();
    const subject = subjectOf(g.subject);
    const input = await readDefinitionFile(file);
    const stageMapping = { ...(input.stageMapping ?? {}), ...(mappingOf(g.map) ?? {}) };
    const result = await withDatabase(configFrom(g), async (db) =>
      saveLifecycleDefinition(db, (await resolveWorkspace(db, g.workspace)).id, subject, {
        definition: input.definition,
        stageMapping,
        note: g.note ?? input.note,
        dryRun: !!g.dryRun,
      }),
    );
    report(!!g.json, result, () => {
      const lines = [
        result.dry_run
          ? `Dry run: would save version ${result.version} (now ${result.previous_version})${result.changed ? '' : ': nothing changed'}.`
          : result.changed
            ? `Saved version ${result.version}.`
            : `Nothing changed: version ${result.version} stays current.`,
      ];
      for (const d of result.deleted_stages) {
        lines.push(`  deleted stage ${d.stage}: ${d.subjects} subject(s)${d.subjects > 0 ? ` -> ${d.to ?? '(not mapped: add --map ' + d.stage + '=STAGE)'}` : ''}`);
      }
      for (const i of result.issues) lines.push(`  ${i.path}: ${i.message}`);
      if (result.moved > 0) lines.push(`  ${result.dry_run ? 'would move' : 'moved'} ${result.moved} subject(s)`);
      return lines.join('\n');
    });
  });

  common(
    lifecycle
      .command('board')
      .description('subjects per stage now, and the flows between stages within a period')
      .option('--from <date>', 'period start, inclusive (default: 30 days before --to)')
      .option('--to <date>', 'period end, exclusive (default: now)'),
  ).action(async (_o, cmd: Command) => {
    const g = cmd.optsWithGlobals<LifecycleOpts>();
    const subject = subjectOf(g.subject);
    const board = await withDatabase(configFrom(g), async (db) =>
      getLifecycleBoard(db, (await resolveWorkspace(db, g.workspace)).id, subject, { from: g.from, to: g.to }),
    );
    report(!!g.json, board, () => {
      const days = (d: number | null) => (d === null ? '-' : `${d} d`);
      const lines = [`${subject} lifecycle (version ${board.version}), flows ${board.from.toISOString()} .. ${board.to.toISOString()}`, ''];
      lines.push(`  ${'stage'.padEnd(12)} ${'now'.padStart(9)} ${'median'.padStart(9)} ${'in'.padStart(8)} ${'out'.padStart(8)} ${'stay'.padStart(9)}`);
      for (const s of board.stages) {
        lines.push(
          `  ${s.key.padEnd(12)} ${String(s.count).padStart(9)} ${days(s.median_days_in_stage).padStart(9)} ${String(s.entered).padStart(8)} ${String(s.exited).padStart(8)} ${days(s.median_days_before_exit).padStart(9)}`,
        );
      }
      if (board.unplaced > 0) lines.push(`  (${board.unplaced} not placed yet)`);
      lines.push('', 'Flows:');
      for (const f of board.flows) lines.push(`  ${(f.from ?? '(new)').padEnd(12)} -> ${f.to.padEnd(12)} ${f.count}`);
      if (board.flows.length === 0) lines.push('  none in the period');
      return lines.join('\n');
    });
  });

  common(
    lifecycle
      .command('why')
      .description('why an account (or, with --subject contact, a contact) is in its stage, and what would move it next')
      .argument('<id>', 'account id (or contact id)'),
  ).action(async (id: string, _o, cmd: Command) => {
    const g = cmd.optsWithGlobals<LifecycleOpts>();
    const subject = subjectOf(g.subject);
    if (!/^\d+$/.test(id)) throw new AppError('bad_request', `id must be a number, got "${id}"`);
    const why = await withDatabase(configFrom(g), async (db) => explainStage(db, (await resolveWorkspace(db, g.workspace)).id, subject, Number(id)));
    report(!!g.json, why, () => {
      const lines = [why.text.en, ''];
      if (why.placed_by && Object.keys(why.placed_by.facts).length > 0) {
        lines.push('Facts when it moved:');
        for (const [k, v] of Object.entries(why.placed_by.facts)) lines.push(`  ${k}: ${JSON.stringify(v)}`);
        lines.push('');
      }
      lines.push('Transitions out of the stage now (-> the one the next recompute takes):');
      for (const t of why.transitions) {
        lines.push(`  ${t.next ? '->' : '  '} ${t.transition} (to ${t.to.key}): ${t.holds ? 'holds' : 'does not hold'}`);
        leaves(t.evaluation, 0, lines);
      }
      return lines.join('\n');
    });
  });
}
