import type { Command } from 'commander';
import { CLV_MODEL_KINDS, type ClvModel, type ClvModelKind } from '../../analytics/clv/clv-model.js';
import { fitClvModel, type FitClvModelResult } from '../../analytics/clv/fit-clv-model.js';
import { getClvReport, type ClvReport } from '../../analytics/clv/get-clv-report.js';
import { TIME_UNITS, type TimeUnit } from '../../analytics/clv/read-repeat-purchase-summary.js';
import { estimateRetentionCurves, type RetentionCurves } from '../../analytics/retention/estimate-retention-curves.js';
import { getCohortRetention, type CohortRetention } from '../../analytics/retention/get-cohort-retention.js';
import { projectCohortSurvival, type CohortSurvivalProjection } from '../../analytics/retention/project-cohort-survival.js';
import { computeRfmScores } from '../../analytics/rfm/compute-rfm-scores.js';
import { getRfmSegments, type RfmSegments } from '../../analytics/rfm/get-rfm-segments.js';
import { AppError } from '../../errors/app-error.js';
import { resolveWorkspace } from '../../workspaces/resolve-workspace.js';
import { configFrom, withDatabase, type GlobalOptions } from '../context.js';
import { report } from '../output.js';
import { progressBar } from '../progress.js';
import { registerFunnel } from './funnel-command.js';
import { registerRecommendations } from './recommendations-command.js';
import { registerWallet } from './wallet-command.js';

type AnalyticsOpts = GlobalOptions & {
  workspace?: string;
  kind?: string;
  calibrationEnd?: string;
  unit?: string;
  segment?: string;
  score?: boolean;
  asOf?: string;
  horizon?: string;
  clvPeriods?: string;
  discountRate?: string;
  margin?: string;
  model?: string;
  top?: string;
  show?: boolean;
  by?: string;
  churnAfterDays?: string;
  maxGroups?: string;
  months?: string;
  periodMonths?: string;
  periods?: string;
  lifetime?: string;
  period?: string;
  cohorts?: string;
};

/** `tenure:month:Churn=Yes` -> lifetimes from traits. */
function lifetimeOf(raw: string | undefined) {
  if (raw === undefined) return null;
  const m = /^([^:=]+):(day|week|month):([^:=]+)=(.*)$/.exec(raw);
  if (!m) throw new AppError('bad_request', `--lifetime must look like <duration trait>:<day|week|month>:<churn trait>=<value>, e.g. tenure:month:Churn=Yes; got "${raw}"`);
  return { durationTrait: m[1]!, unit: m[2] as 'day' | 'week' | 'month', churnTrait: m[3]!, churnValue: m[4]! };
}

/** A numeric flag, or undefined when absent; a bad value names the flag. */
function num(flag: string, raw: string | undefined, integer = false): number | null {
  if (raw === undefined) return null;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || (integer && !Number.isInteger(v))) throw new AppError('bad_request', `${flag} must be ${integer ? 'a whole number' : 'a number'}, got "${raw}"`);
  return v;
}

const fmt = (v: number | null | undefined, digits = 2) => (v == null ? '-' : v.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const pct = (v: number | null | undefined) => (v == null ? '-' : `${(100 * v).toFixed(1)} %`);
const sig = (v: number) => Number(v.toPrecision(4)).toString();

function describeModel(m: ClvModel): string[] {
  const name = m.kind === 'bg-nbd' ? 'BG/NBD' : 'Pareto/NBD';
  const params = Object.entries(m.params.transaction).map(([k, v]) => `${k} = ${sig(v)}`).join(', ');
  const d = m.diagnostics;
  return [
    `CLV model ${m.id}: ${name} + Gamma-Gamma${m.segment_key ? ` for segment "${m.segment_key}"` : ''}, fitted ${m.fitted_at.toISOString()}`,
    `  calibrated to ${m.calibration_end} in ${m.time_unit}s on ${m.customers.toLocaleString('en')} accounts (${m.repeat_customers.toLocaleString('en')} with a repeat purchase; orders ${d.first_order_day} to ${d.last_order_day})`,
    `  ${name}: ${params}; log-likelihood ${m.log_likelihood.toFixed(2)}, ${m.converged ? 'converged' : 'NOT converged'} in ${m.iterations} iterations`,
    `  Gamma-Gamma: p = ${sig(m.params.spend.p)}, q = ${sig(m.params.spend.q)}, gamma = ${sig(m.params.spend.gamma)}; log-likelihood ${d.spend.log_likelihood.toFixed(2)} over ${d.spend.customers.toLocaleString('en')} accounts`,
    m.scoring
      ? `  scored ${m.scoring.accounts.toLocaleString('en')} accounts as of ${m.scoring.as_of}: expected purchases over ${sig(m.scoring.horizon)} ${m.time_unit}s, CLV over ${m.scoring.clv_periods} months at ${pct(m.scoring.discount_rate)} a month`
      : '  not scored yet',
  ];
}

function showFit(r: FitClvModelResult): string {
  const lines = describeModel(r.model);
  if (r.scoring) lines.push(`  total CLV ${fmt(r.scoring.totals.clv)}; ${r.scoring.changed.toLocaleString('en')} accounts changed (queued for recompute); ${r.scoring.removed} lost their scores`);
  const t = r.timings;
  lines.push(`Done in ${(r.elapsed_ms / 1000).toFixed(1)} s (reading orders ${(t.read_ms / 1000).toFixed(1)} s, fitting ${(t.fit_ms / 1000).toFixed(1)} s, scoring ${(t.score_ms / 1000).toFixed(1)} s).`);
  return lines.join('\n');
}

function showReport(r: ClvReport): string {
  const lines = describeModel(r.model);
  lines.push(r.stale ? `  STALE: ${r.stale_reasons.join('; ')}` : `  up to date with the orders (${r.current_data.orders.toLocaleString('en')})`);
  const d = r.distribution;
  if (d) {
    lines.push('', `CLV of ${d.accounts.toLocaleString('en')} accounts: total ${fmt(d.total)}, mean ${fmt(d.mean)}, median ${fmt(d.quantiles[4]?.value)}`, '  decile   accounts        mean       share');
    for (const x of d.deciles) lines.push(`  ${String(x.decile).padStart(6)} ${x.accounts.toLocaleString('en').padStart(10)} ${fmt(x.mean).padStart(11)} ${pct(x.share).padStart(11)}`);
  }
  if (r.top_accounts.length > 0) {
    lines.push('', 'Top accounts:', '  id        CLV   P(active)  name');
    for (const a of r.top_accounts) lines.push(`  ${String(a.id).padEnd(6)} ${fmt(a.clv).padStart(10)} ${pct(a.p_active).padStart(10)}  ${a.name}`);
  }
  return lines.join('\n');
}

function showRfm(r: RfmSegments & { elapsed_ms?: number }): string {
  if (r.computed_at === null) return 'RFM scores have not been computed yet: run `kanta analytics rfm`.';
  const lines = [`RFM segments of ${r.accounts.toLocaleString('en')} accounts (computed ${r.computed_at.toISOString()}):`, '  segment               accounts    share   recency d   orders    monetary'];
  for (const s of r.segments) {
    lines.push(`  ${s.name.padEnd(20)} ${s.accounts.toLocaleString('en').padStart(9)} ${pct(s.share).padStart(8)} ${fmt(s.avg_recency_days, 0).padStart(11)} ${fmt(s.avg_frequency, 1).padStart(8)} ${fmt(s.avg_monetary).padStart(11)}`);
  }
  if (r.elapsed_ms !== undefined) lines.push(`Done in ${(r.elapsed_ms / 1000).toFixed(1)} s.`);
  return lines.join('\n');
}

function showRetention(r: RetentionCurves): string {
  const unit = r.time_unit === 'day' ? 'd' : r.time_unit === 'week' ? 'wk' : 'mo';
  const basis =
    r.time_unit === 'day' && r.skipped_accounts === 0
      ? `churned after ${r.churn_after_days} days without an order, as of ${r.as_of.toISOString().slice(0, 10)}`
      : `lifetimes from traits in ${r.time_unit}s${r.skipped_accounts > 0 ? `; ${r.skipped_accounts.toLocaleString('en')} accounts without one left out` : ''}`;
  const milestones = r.curves[0]?.milestones.map((m) => `${m.days} ${unit}`.padStart(7)).join(' ') ?? '';
  const lines = [
    `Retention of ${r.accounts.toLocaleString('en')} accounts${r.by ? ` by ${r.by}` : ''} (${basis}; ${Math.round(r.confidence * 100)} % bands):`,
    `  group                 accounts  churned ${milestones}   median (${r.time_unit}s)`,
  ];
  for (const c of r.curves) {
    const median = c.median_days === null ? 'not reached' : `${c.median_days} (${c.median_lower ?? '-'} to ${c.median_upper ?? '-'})`;
    lines.push(`  ${c.group.slice(0, 20).padEnd(20)} ${c.accounts.toLocaleString('en').padStart(9)} ${c.churned.toLocaleString('en').padStart(8)} ${c.milestones.map((m) => pct(m.retention).padStart(7)).join(' ')}   ${median}`);
  }
  if (r.log_rank) lines.push(`Log-rank test: chi-square ${r.log_rank.statistic.toFixed(2)} on ${r.log_rank.degrees_of_freedom} df, p = ${r.log_rank.p_value.toPrecision(3)}`);
  return lines.join('\n');
}

function showCohorts(r: CohortRetention): string {
  const width = Math.min(13, Math.max(0, ...r.cohorts.map((c) => c.active.length)));
  const head = Array.from({ length: width }, (_, k) => `m${k}`.padStart(7)).join('');
  const lines = [`Logo retention by acquisition month (share of the cohort ordering in month k), as of ${r.as_of.toISOString().slice(0, 10)}:`, `  cohort   accounts${head}`];
  for (const c of r.cohorts) lines.push(`  ${c.cohort}  ${c.accounts.toLocaleString('en').padStart(8)}${c.logo_retention.slice(0, width).map((v) => `${(100 * v).toFixed(0)}%`.padStart(7)).join('')}`);
  lines.push('', `Windows of ${r.period_months} months (churn after ${r.churn_after_days} days without an order):`, '  ends        active  new  churned  churn rate      revenue      NRR      GRR');
  for (const p of r.periods) {
    lines.push(
      `  ${p.end.toISOString().slice(0, 10)} ${p.active_at_start.toLocaleString('en').padStart(8)} ${p.new_accounts.toLocaleString('en').padStart(4)} ${p.churned.toLocaleString('en').padStart(8)} ${pct(p.churn_rate).padStart(11)} ${fmt(p.revenue).padStart(12)} ${pct(p.net_revenue_retention).padStart(8)} ${pct(p.gross_revenue_retention).padStart(8)}`,
    );
  }
  return lines.join('\n');
}

function showProjection(r: CohortSurvivalProjection): string {
  const f = r.fit;
  const basis =
    r.source === 'orders'
      ? `${r.cohorts.length} acquisition cohorts by ${r.period}, churned after ${r.churn_after_days} days without an order, as of ${r.as_of.toISOString().slice(0, 10)}`
      : `lifetimes from traits, by ${r.period}`;
  const left = [
    r.unobserved_accounts > 0 ? `${r.unobserved_accounts.toLocaleString('en')} too new to be followed a whole ${r.period}` : '',
    r.skipped_accounts > 0 ? `${r.skipped_accounts.toLocaleString('en')} without a lifetime` : '',
    r.older_cohort_accounts > 0 ? `${r.older_cohort_accounts.toLocaleString('en')} in older cohorts` : '',
  ].filter(Boolean);
  const lines = [
    `Shifted-beta-geometric retention of ${r.accounts.toLocaleString('en')} accounts (${r.churned.toLocaleString('en')} churned; ${basis})${left.length > 0 ? `; left out: ${left.join(', ')}` : ''}`,
    `  alpha = ${sig(f.alpha)}, beta = ${sig(f.beta)}; log-likelihood ${f.log_likelihood.toFixed(2)}, converged in ${f.iterations} iterations; followed up to ${f.periods} ${r.period}s, mean gap to the data ${pct(f.mean_absolute_gap)}`,
    `  mean lifetime ${r.mean_lifetime === null ? 'infinite (alpha <= 1)' : `${fmt(r.mean_lifetime, 1)} ${r.period}s`}; median ${r.median_lifetime === null ? 'over 10,000 periods' : `${r.median_lifetime} ${r.period}${r.median_lifetime === 1 ? '' : 's'}`}`,
    `  ${r.period.padEnd(6)}  at risk  churned    actual  projected  retention  remaining (of ${r.horizon})`,
  ];
  for (const row of r.rows) {
    lines.push(
      `  ${String(row.period).padStart(6)} ${row.at_risk === null ? ''.padStart(8) : row.at_risk.toLocaleString('en').padStart(8)} ${row.churned === null ? ''.padStart(8) : row.churned.toLocaleString('en').padStart(8)} ${(row.actual === null ? '' : pct(row.actual)).padStart(9)} ${pct(row.projected).padStart(10)} ${(row.retention_rate === null ? '' : pct(row.retention_rate)).padStart(10)} ${fmt(row.remaining_lifetime, 1).padStart(10)}`,
    );
  }
  return lines.join('\n');
}

export function registerAnalytics(program: Command): void {
  const analytics = program.command('analytics').description('customer analytics: CLV models, RFM, retention curves, projection and cohorts, AIDA funnel and lifecycle flows, share of wallet, next-best offers');
  registerRecommendations(analytics);
  registerFunnel(analytics);
  registerWallet(analytics);
  const ws = (c: Command) => c.option('-w, --workspace <slug>', 'workspace (default: the only one)');
  const clv = analytics.command('clv').description('customer lifetime value: BG/NBD (or Pareto/NBD) with Gamma-Gamma');

  ws(clv.command('fit'))
    .description('fit a CLV model on the orders and score every account with it')
    .option('--kind <kind>', `transaction model: ${CLV_MODEL_KINDS.join(' | ')}`, 'bg-nbd')
    .option('--calibration-end <date>', 'last day of calibration, YYYY-MM-DD (default: the day of the latest order)')
    .option('--unit <unit>', `time unit: ${TIME_UNITS.join(' | ')}`, 'week')
    .option('--segment <key>', 'fit on the members of this account segment only')
    .option('--no-score', 'only fit; do not score the accounts')
    .option('--as-of <date>', 'score from the orders up to this day (default: the calibration end)')
    .option('--horizon <n>', 'expected purchases over n time units (default: one year)')
    .option('--clv-periods <months>', 'CLV over this many months (default 12)')
    .option('--discount-rate <rate>', 'monthly discount rate (default 0.01)')
    .option('--margin <share>', 'share of spend that is profit (default 1)')
    .action(async (_o, cmd: Command) => {
      const g = cmd.optsWithGlobals<AnalyticsOpts>();
      if (!(CLV_MODEL_KINDS as readonly string[]).includes(g.kind!)) throw new AppError('bad_request', `--kind must be one of ${CLV_MODEL_KINDS.join(', ')}, got "${g.kind}"`);
      if (!(TIME_UNITS as readonly string[]).includes(g.unit!)) throw new AppError('bad_request', `--unit must be one of ${TIME_UNITS.join(', ')}, got "${g.unit}"`);
      const score = g.score === false ? false : {
        asOf: g.asOf ?? null,
        horizon: num('--horizon', g.horizon),
        clvPeriods: num('--clv-periods', g.clvPeriods, true),
        discountRate: num('--discount-rate', g.discountRate),
        margin: num('--margin', g.margin),
      };
      const json = !!g.json;
      const result = await withDatabase(configFrom(g), async (db) => {
        const w = await resolveWorkspace(db, g.workspace);
        const bar = progressBar('Fitting CLV model', 'steps', json);
        try {
          return await fitClvModel(db, w.id, {
            kind: g.kind as ClvModelKind,
            calibrationEnd: g.calibrationEnd ?? null,
            unit: g.unit as TimeUnit,
            segmentKey: g.segment ?? null,
            score,
            onProgress: (done, total) => bar.onProgress(done, total),
          });
        } finally {
          bar.stop();
        }
      });
      report(json, result, () => showFit(result));
    });

  ws(clv.command('show'))
    .description('the latest (or a given) CLV model: its fit, whether it is stale, the CLV distribution and top accounts')
    .option('--model <id>', 'model id (default: the latest)')
    .option('--segment <key>', 'the latest model of this segment')
    .option('--top <n>', 'top accounts to list (default 10)')
    .action(async (_o, cmd: Command) => {
      const g = cmd.optsWithGlobals<AnalyticsOpts>();
      const result = await withDatabase(configFrom(g), async (db) =>
        getClvReport(db, (await resolveWorkspace(db, g.workspace)).id, { modelId: num('--model', g.model, true), segmentKey: g.segment ?? null, top: num('--top', g.top, true) }),
      );
      report(!!g.json, result, () => showReport(result));
    });

  ws(analytics.command('rfm'))
    .description('compute the RFM scores of every account and show the RFM segments (--show: only show the last computed)')
    .option('--as-of <time>', 'score as of this date or time (default now)')
    .option('--show', 'show the segments as last computed, without recomputing')
    .action(async (_o, cmd: Command) => {
      const g = cmd.optsWithGlobals<AnalyticsOpts>();
      const json = !!g.json;
      const result = await withDatabase(configFrom(g), async (db) => {
        const w = await resolveWorkspace(db, g.workspace);
        if (g.show) return getRfmSegments(db, w.id);
        const bar = progressBar('Computing RFM scores', 'steps', json);
        bar.onProgress(0, 1);
        try {
          return await computeRfmScores(db, w.id, { asOf: g.asOf ?? null });
        } finally {
          bar.onProgress(1, 1);
          bar.stop();
        }
      });
      report(json, result, () => showRfm(result));
    });

  ws(analytics.command('retention'))
    .description('Kaplan-Meier retention curves with confidence bands, optionally by an account attribute')
    .option('--by <attribute>', 'kind, country, industry, owner, trait:<name>, stage or segment:<key>')
    .option('--churn-after-days <days>', 'days without an order that make an account churned (default 365)')
    .option('--as-of <time>', 'as of this date or time (default now)')
    .option('--max-groups <n>', 'largest groups to keep; the rest become (other) (default 10)')
    .option('--lifetime <trait:unit:churn-trait=value>', 'lifetimes from traits instead of orders, e.g. tenure:month:Churn=Yes')
    .action(async (_o, cmd: Command) => {
      const g = cmd.optsWithGlobals<AnalyticsOpts>();
      const result = await withDatabase(configFrom(g), async (db) =>
        estimateRetentionCurves(db, (await resolveWorkspace(db, g.workspace)).id, {
          by: g.by ?? null,
          churnAfterDays: num('--churn-after-days', g.churnAfterDays, true),
          asOf: g.asOf ?? null,
          maxGroups: num('--max-groups', g.maxGroups, true),
          lifetime: lifetimeOf(g.lifetime),
        }),
      );
      report(!!g.json, result, () => showRetention(result));
    });

  ws(analytics.command('projection'))
    .description('retention projected with the shifted-beta-geometric model fitted on the acquisition cohorts, next to the observed survival')
    .option('--period <p>', 'month or year (default month)')
    .option('--horizon <n>', 'periods to project past the longest followed one (default 24 months or 5 years)')
    .option('--cohorts <n>', 'only the newest n acquisition cohorts (default all)')
    .option('--churn-after-days <days>', 'days without an order that make an account churned; a period counts once this long has passed (default 365)')
    .option('--as-of <time>', 'as of this date or time (default now)')
    .option('--lifetime <trait:unit:churn-trait=value>', 'lifetimes from traits instead of orders, e.g. tenure:month:Churn=Yes')
    .action(async (_o, cmd: Command) => {
      const g = cmd.optsWithGlobals<AnalyticsOpts>();
      if (g.period !== undefined && g.period !== 'month' && g.period !== 'year') throw new AppError('bad_request', `--period must be month or year, got "${g.period}"`);
      const result = await withDatabase(configFrom(g), async (db) =>
        projectCohortSurvival(db, (await resolveWorkspace(db, g.workspace)).id, {
          period: (g.period as 'month' | 'year' | undefined) ?? null,
          horizon: num('--horizon', g.horizon, true),
          cohorts: num('--cohorts', g.cohorts, true),
          churnAfterDays: num('--churn-after-days', g.churnAfterDays, true),
          asOf: g.asOf ?? null,
          lifetime: lifetimeOf(g.lifetime),
        }),
      );
      report(!!g.json, result, () => showProjection(result));
    });

  ws(analytics.command('cohorts'))
    .description('cohort retention by acquisition month, churn rate, gross and net revenue retention')
    .option('--as-of <time>', 'as of this date or time (default now)')
    .option('--months <n>', 'acquisition months to show (default 24)')
    .option('--period-months <n>', 'window for churn and revenue retention, in months (default 12)')
    .option('--periods <n>', 'how many windows (default 4)')
    .option('--churn-after-days <days>', 'days without an order that make an account churned (default 365)')
    .action(async (_o, cmd: Command) => {
      const g = cmd.optsWithGlobals<AnalyticsOpts>();
      const result = await withDatabase(configFrom(g), async (db) =>
        getCohortRetention(db, (await resolveWorkspace(db, g.workspace)).id, {
          asOf: g.asOf ?? null,
          months: num('--months', g.months, true),
          periodMonths: num('--period-months', g.periodMonths, true),
          periods: num('--periods', g.periods, true),
          churnAfterDays: num('--churn-after-days', g.churnAfterDays, true),
        }),
      );
      report(!!g.json, result, () => showCohorts(result));
    });
}
