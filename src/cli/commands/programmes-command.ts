import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AppError, isAppError } from '../../errors/app-error.js';
import { parseDeliveryStatusNotification } from '../../programmes/email/parse-delivery-status-notification.js';
import { recordDeliveryReports, type DeliveryReport } from '../../programmes/email/record-delivery-reports.js';
import type { CareElement } from '../../programmes/model/care-element.js';
import { enableCareElement } from '../../programmes/model/enable-care-element.js';
import { exportCareModel } from '../../programmes/model/export-care-model.js';
import { getCareCoverage } from '../../programmes/model/get-care-coverage.js';
import { getCareElement } from '../../programmes/model/get-care-element.js';
import { getCareMatrix } from '../../programmes/model/get-care-matrix.js';
import { importCareModel } from '../../programmes/model/import-care-model.js';
import { listCareElements } from '../../programmes/model/list-care-elements.js';
import { getProgrammeResults } from '../../programmes/results/get-programme-results.js';
import type { SubjectType } from '../../rules/rule.js';
import { resolveWorkspace } from '../../workspaces/resolve-workspace.js';
import { configFrom, withDatabase, type GlobalOptions } from '../context.js';
import { readJsonFile } from '../read-json-file.js';
import { report } from '../output.js';

type Opts = GlobalOptions & { workspace?: string; subject?: string; output?: string; lang?: string };

const pct = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)} %`);

function subjectOf(o: Opts): SubjectType {
  const s = o.subject ?? 'account';
  if (s !== 'account' && s !== 'contact') throw new AppError('bad_request', `--subject must be account or contact, got "${s}"`);
  return s;
}

function langOf(o: Opts): 'fi' | 'en' {
  const l = o.lang ?? 'en';
  if (l !== 'fi' && l !== 'en') throw new AppError('bad_request', `--lang must be fi or en, got "${l}"`);
  return l;
}

function line(e: CareElement, lang: 'fi' | 'en'): string {
  const p = e.definition.placement;
  const where = `${p.stages.length ? p.stages.join(',') : 'all stages'} / ${p.segments.length ? p.segments.join(',') : 'all segments'}`;
  return `${e.enabled ? 'on ' : 'off'}\t${e.key}\t${e.subjectType}\t${e.definition.phase}\t${where}\t${e.definition.name[lang]}\t(v${e.version})`;
}

export function registerProgrammes(program: Command): void {
  const programmes = program.command('programmes').description('the care model: care elements in the stages x segments matrix, coverage and results');
  const withWs = (c: Command) => c.option('-w, --workspace <slug>', 'workspace (default: the only one)').option('--lang <fi|en>', 'language of names (default en)');
  const run = <T>(g: Opts, fn: (db: Parameters<Parameters<typeof withDatabase>[1]>[0], ws: number) => Promise<T>) =>
    withDatabase(configFrom(g), async (db) => fn(db, (await resolveWorkspace(db, g.workspace)).id));

  withWs(programmes.command('list').description('list the care elements').option('--subject <type>', 'account or contact (default both)')).action(async (_o, cmd: Command) => {
    const g = cmd.optsWithGlobals<Opts>();
    const list = await run(g, (db, ws) => listCareElements(db, ws, g.subject ? { subject_type: subjectOf(g) } : {}));
    report(!!g.json, list, () => list.data.map((e) => line(e, langOf(g))).join('\n') || 'No care elements.');
  });

  withWs(programmes.command('show').description('a care element with its steps').argument('<key>', 'element key or id')).action(async (key: string, _o, cmd: Command) => {
    const g = cmd.optsWithGlobals<Opts>();
    const lang = langOf(g);
    const e = await run(g, (db, ws) => getCareElement(db, ws, key));
    report(!!g.json, e, () =>
      [
        line(e, lang),
        ...(e.definition.description ? [e.definition.description[lang]] : []),
        `Trigger: ${JSON.stringify(e.definition.trigger)}`,
        ...e.definition.steps.map((s, i) => `  ${i + 1}. ${s.id} (${s.kind})${'template' in s ? `: ${s.template.subject[lang]}` : 'title' in s ? `: ${s.title[lang]}` : ''}`),
        `Control group: ${e.definition.holdout_percent} %${e.definition.outcome ? `; outcome: ${JSON.stringify(e.definition.outcome)}` : ''}`,
      ].join('\n'),
    );
  });

  for (const [name, on] of [['enable', true], ['disable', false]] as const) {
    withWs(programmes.command(name).description(`${name} a care element (a new version)`).argument('<key>', 'element key or id')).action(async (key: string, _o, cmd: Command) => {
      const g = cmd.optsWithGlobals<Opts>();
      const e = await run(g, (db, ws) => enableCareElement(db, ws, key, on));
      report(!!g.json, e, () => line(e, langOf(g)));
    });
  }

  withWs(programmes.command('matrix').description('the care model matrix: stages x segments').option('--subject <type>', 'account (default) or contact')).action(async (_o, cmd: Command) => {
    const g = cmd.optsWithGlobals<Opts>();
    const m = await run(g, (db, ws) => getCareMatrix(db, ws, subjectOf(g)));
    const lang = langOf(g);
    const enabled = new Set(m.elements.filter((e) => e.enabled).map((e) => e.key));
    report(!!g.json, m, () =>
      m.stages
        .map((s) => {
          const cells = m.cells.filter((c) => c.stage === s.key && c.elements.length > 0);
          const text = cells.map((c) => `  [${c.segment ?? 'all segments'}] ${c.elements.map((k) => (enabled.has(k) ? k : `(${k})`)).join(', ')}`);
          return [`${s.name[lang]} (${s.key})`, ...(text.length ? text : ['  -'])].join('\n');
        })
        .join('\n') + '\n(in parentheses: disabled)',
    );
  });

  withWs(programmes.command('coverage').description('empty cells, customers no enabled element reaches, and what each buyer persona gets').option('--subject <type>', 'account (default) or contact')).action(async (_o, cmd: Command) => {
    const g = cmd.optsWithGlobals<Opts>();
    const c = await run(g, (db, ws) => getCareCoverage(db, ws, subjectOf(g)));
    report(!!g.json, c, () =>
      [
        ...c.cells.filter((x) => x.subjects > 0 || x.segment === null).map((x) => `${x.stage}\t${x.segment ?? 'all'}\t${x.subjects} subjects\t${x.uncovered} reached by nothing\t${x.elements.join(', ') || '(empty)'}`),
        `Total: ${c.totals.uncovered} of ${c.totals.subjects} reached by no enabled element`,
        ...c.micro.personas.map((p) => `Persona ${p.persona}\t${p.contacts} contacts\tvariant: ${p.variant.join(', ') || '-'}\tdefault text: ${p.default.join(', ') || '-'}`),
      ].join('\n'),
    );
  });

  withWs(programmes.command('results').description("a care element's results, treated against control").argument('<key>', 'element key or id')).action(async (key: string, _o, cmd: Command) => {
    const g = cmd.optsWithGlobals<Opts>();
    const r = await run(g, (db, ws) => getProgrammeResults(db, ws, key));
    report(!!g.json, r, () => {
      const o = r.outcome;
      return [
        `${r.element.key}: ${r.enrolled} enrolled (${r.treated} treated, ${r.control} control)`,
        `Actions: ${Object.entries(r.actions).map(([k, v]) => `${k} ${v}`).join(', ')}`,
        `Messages: ${r.messages.sent} sent, ${r.messages.outboxed} in the outbox, ${r.messages.bounced} bounced, ${r.messages.opened} opened, ${r.messages.clicked} clicked; tasks ${r.tasks.done}/${r.tasks.total} done`,
        o
          ? `Outcome ${o.definition.kind} in ${o.definition.days} days: treated ${pct(o.treated.rate)} (${o.treated.successes}/${o.treated.measured}), control ${pct(o.control.rate)} (${o.control.successes}/${o.control.measured}); ` +
            (o.difference === null ? 'no difference yet' : `difference ${pct(o.difference)} (95 % CI ${pct(o.ci95!.low)} to ${pct(o.ci95!.high)})`) +
            (o.pending ? `; ${o.pending} runs still in their window` : '')
          : 'No outcome defined.',
      ].join('\n');
    });
  });

  withWs(programmes.command('export').description('write the care model as JSON (stdout, or --output FILE)').option('-o, --output <file>', 'file to write')).action(async (_o, cmd: Command) => {
    const g = cmd.optsWithGlobals<Opts>();
    const doc = await run(g, (db, ws) => exportCareModel(db, ws));
    if (g.output) {
      writeFileSync(g.output, JSON.stringify(doc, null, 2) + '\n');
      report(!!g.json, { written: g.output, elements: doc.elements.length }, () => `Wrote ${doc.elements.length} care elements to ${g.output}.`);
    } else process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
  });

  withWs(programmes.command('import').description('load a care model JSON file (all or nothing; changed elements get a new version)').argument('<file>', 'JSON file')).action(async (file: string, _o, cmd: Command) => {
    const g = cmd.optsWithGlobals<Opts>();
    const doc = readJsonFile(file);
    const r = await run(g, (db, ws) => importCareModel(db, ws, doc));
    report(!!g.json, r, () => `Created ${r.created.length}, updated ${r.updated.length}, unchanged ${r.unchanged.length}.${r.created.length ? `\nNew: ${r.created.join(', ')}` : ''}${r.updated.length ? `\nNew versions: ${r.updated.join(', ')}` : ''}`);
  });

  withWs(
    programmes
      .command('bounces')
      .description('record bounce emails (delivery status notifications, .eml files from the relay): hard bounces suppress the address')
      .argument('<file...>', 'bounce emails (RFC 822 / .eml)'),
  ).action(async (files: string[], _o, cmd: Command) => {
    const g = cmd.optsWithGlobals<Opts>();
    const reports: (DeliveryReport & { file: string })[] = [];
    for (const file of files) {
      let raw: Buffer;
      try {
        raw = readFileSync(file);
      } catch (e) {
        throw new AppError('bad_request', `Cannot read ${file}: ${(e as Error).message}`);
      }
      try {
        reports.push(...(await parseDeliveryStatusNotification(raw)).reports.map((r) => ({ ...r, file })));
      } catch (e) {
        if (!isAppError(e)) throw e;
        throw new AppError(e.code, `${file}: ${e.message}`, e.issues.map((i) => ({ path: `${file}: ${i.path}`, message: i.message })));
      }
    }
    const r = await run(g, (db, ws) => recordDeliveryReports(db, ws, reports.map(({ file: _file, ...report }) => report)));
    const fileOf = <T extends { index: number }>(x: T) => ({ file: reports[x.index]!.file, ...x });
    const out = { ...r, recorded: r.recorded.map(fileOf), unmatched: r.unmatched.map(fileOf), ignored: r.ignored.map(fileOf) };
    report(!!g.json, out, () =>
      [
        ...out.recorded.map((x) => `${x.kind}\t${x.file}\t${x.recipient}\t${x.message_id}\t${x.changed ? (x.suppressed ? 'suppressed' : 'recorded') : 'already recorded'}`),
        ...out.unmatched.map((x) => `unmatched\t${x.file}\t${x.recipient}\t${x.message_id}\t${x.reason}`),
        ...out.ignored.map((x) => `ignored\t${x.file}\t${x.recipient}\t${x.message_id}\t${x.action}`),
        `Recorded ${r.counts.recorded} (${r.counts.hard} hard, ${r.counts.soft} soft; ${r.counts.suppressed} addresses suppressed), unmatched ${r.counts.unmatched}, ignored ${r.counts.ignored}.`,
      ].join('\n'),
    );
  });
}
