import type { Command } from 'commander';
import { getAidaFunnel, type AidaFunnel } from '../../analytics/funnel/get-aida-funnel.js';
import { getLifecycleFlows, type LifecycleFlows } from '../../analytics/funnel/get-lifecycle-flows.js';
import { AppError } from '../../errors/app-error.js';
import { resolveWorkspace } from '../../workspaces/resolve-workspace.js';
import { configFrom, withDatabase, type GlobalOptions } from '../context.js';
import { report } from '../output.js';

type Opts = GlobalOptions & { workspace?: string; from?: string; to?: string; period?: string; by?: string; subject?: string };

function instant(flag: string, raw: string | undefined): Date | null {
  if (raw === undefined) return null;
  const d = new Date(raw);
  if (Number.isNaN(d.getTime())) throw new AppError('bad_request', `${flag} must be an ISO 8601 date or time, got "${raw}"`);
  return d;
}

function periodOf(raw: string | undefined): 'month' | 'quarter' | null {
  if (raw === undefined) return null;
  if (raw === 'month' || raw === 'quarter') return raw;
  throw new AppError('bad_request', `--period must be month or quarter, got "${raw}"`);
}

const pct = (v: number | null) => (v === null ? '-' : `${(100 * v).toFixed(0)} %`);

function showFunnel(f: AidaFunnel): string {
  const head = ['period', 'group', 'entered', ...f.steps.map((s) => s.key)].join('\t');
  const rows = f.rows.map((r) => [r.period ?? '', r.group, r.entered, ...r.steps.map((s) => `${s.reached} (${pct(s.conversion)}${s.median_days_to_next === null ? '' : `, ${s.median_days_to_next} d`})`)].join('\t'));
  return [`AIDA funnel of prospects entering ${f.from.toISOString().slice(0, 10)} - ${f.to.toISOString().slice(0, 10)}: reached (conversion from the previous step, median days to the next)`, head, ...rows].join('\n');
}

function showFlows(f: LifecycleFlows): string {
  const links = f.links.map((l) => `  ${l.from ?? '(placed)'} -> ${l.to}: ${l.count}`);
  const times = f.time_to_stage.filter((t) => t.subjects > 0).map((t) => `  ${t.stage}: ${t.subjects} reached, median ${t.median_days} days`);
  return [`Moves of ${f.subject}s ${f.from.toISOString().slice(0, 10)} - ${f.to.toISOString().slice(0, 10)}`, ...links, 'Time from first placement to each stage:', ...times].join('\n');
}

/** `kanta analytics funnel|flows`, under `kanta analytics`. */
export function registerFunnel(analytics: Command): void {
  const ws = (c: Command) => c.option('-w, --workspace <slug>', 'workspace (default: the only one)');
  ws(analytics.command('funnel'))
    .description('the AIDA funnel of prospects: conversion and time per step, by period and group')
    .option('--from <time>', 'funnel entries from (default 12 months ago)')
    .option('--to <time>', 'funnel entries until (default now)')
    .option('--period <p>', 'month or quarter')
    .option('--by <attribute>', 'kind, country, industry, owner, trait:<name>, stage or segment:<key>')
    .action(async (_o, cmd: Command) => {
      const g = cmd.optsWithGlobals<Opts>();
      const input = { from: instant('--from', g.from), to: instant('--to', g.to), period: periodOf(g.period), by: g.by ?? null };
      const result = await withDatabase(configFrom(g), async (db) => getAidaFunnel(db, (await resolveWorkspace(db, g.workspace)).id, input));
      report(!!g.json, result, () => showFunnel(result));
    });
  ws(analytics.command('flows'))
    .description('lifecycle flows between stages (the Sankey links) and the time to reach each stage')
    .option('--subject <type>', 'account or contact (default account)')
    .option('--from <time>', 'moves from (default 12 months ago)')
    .option('--to <time>', 'moves until (default now)')
    .option('--period <p>', 'month or quarter')
    .action(async (_o, cmd: Command) => {
      const g = cmd.optsWithGlobals<Opts>();
      const subject = g.subject ?? 'account';
      if (subject !== 'account' && subject !== 'contact') throw new AppError('bad_request', `--subject must be account or contact, got "${subject}"`);
      const input = { from: instant('--from', g.from), to: instant('--to', g.to), period: periodOf(g.period) };
      const result = await withDatabase(configFrom(g), async (db) => getLifecycleFlows(db, (await resolveWorkspace(db, g.workspace)).id, subject, input));
      report(!!g.json, result, () => showFlows(result));
    });
}
