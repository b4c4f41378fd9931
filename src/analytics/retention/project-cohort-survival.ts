import type { Queryable } from '../../db/database.js';
import { AppError, type FieldIssue } from '../../errors/app-error.js';
import { fitShiftedBetaGeometric } from '../models/fit-shifted-beta-geometric.js';
import { projectShiftedBetaGeometric } from '../models/project-shifted-beta-geometric.js';
import { readCohortSurvivalFromOrders, readCohortSurvivalFromTraits, type CohortSurvivors, type LifetimeTraits, type SurvivalPeriod } from './read-cohort-survival.js';

/**
 * Contractual retention projected with the shifted-beta-geometric model (Fader & Hardie 2007,
 * "How to Project Customer Retention") on the workspace's own acquisition cohorts.
 *
 * The survivor counts come from read-cohort-survival.ts (orders: cohorts by the month or year of
 * the first order, a customer at the end of period t when it ordered on or after that day, each
 * period followed once churn_after_days have passed since its end; or lifetime traits). One
 * pair (alpha, beta) is fitted by maximum likelihood on all cohorts pooled: each cohort adds,
 * for every period it was followed, its churners times ln P(T = t), and its survivors at the
 * last followed period times ln S(t) (right-censored: a younger cohort simply says nothing about
 * the later periods). The observed ("actual") survival shown next to the fit is the discrete
 * Kaplan-Meier estimate over the same counts: at each period the churners over the accounts at
 * risk in the cohorts followed that long, which for one cohort is its survivors over its size.
 *
 * The projection runs `horizon` periods past the longest followed period: survival S(t), the
 * retention rate r(t) = S(t) / S(t-1) (rising with tenure: the customers who churn easily leave
 * first) and the expected remaining lifetime of a customer who has stayed t periods, counted
 * over the next `horizon` periods (sum over k < horizon of S(t+k) / S(t); the untruncated mean
 * is infinite when alpha <= 1).
 */
export interface CohortSurvivalInput {
  /** Period length (default month). */
  period?: SurvivalPeriod | null;
  /** Periods to project past the longest followed one (default 24 months or 5 years). */
  horizon?: number | null;
  /** Only the newest this many followed acquisition cohorts (default all; orders only). */
  cohorts?: number | null;
  /** Days without an order after which an account counts as churned (default 365; orders only): a period is followed once this long has passed since its end. */
  churnAfterDays?: number | null;
  /** Default now. */
  asOf?: string | Date | null;
  /** Lifetimes from traits instead of orders. */
  lifetime?: LifetimeTraits | null;
}

export interface SurvivalRow {
  /** Periods since acquisition (0 = acquired). */
  period: number;
  /** Whether some cohort was followed this long. */
  observed: boolean;
  /** Accounts in the cohorts followed this long that were active at the end of the period before. */
  at_risk: number | null;
  churned: number | null;
  /** Kaplan-Meier survival from the counts (null past the followed periods). */
  actual: number | null;
  /** churned / at_risk subtracted from 1. */
  actual_retention_rate: number | null;
  /** The model's S(t). */
  projected: number;
  /** The model's r(t) = S(t) / S(t-1); null at period 0. */
  retention_rate: number | null;
  /** Expected periods a customer who has stayed `period` periods still stays, within the next `horizon` periods. */
  remaining_lifetime: number;
}

export interface CohortSurvivalProjection {
  source: 'orders' | 'traits';
  period: SurvivalPeriod;
  horizon: number;
  as_of: Date;
  /** null for lifetime traits. */
  churn_after_days: number | null;
  /** Accounts the fit used, and how many of them churned in the followed periods. */
  accounts: number;
  churned: number;
  /** Accounts acquired too recently to be followed for one whole period. */
  unobserved_accounts: number;
  /** Accounts without a numeric duration trait (lifetime traits). */
  skipped_accounts: number;
  /** Accounts of older cohorts left out by `cohorts`. */
  older_cohort_accounts: number;
  /** The acquisition cohorts (orders); for lifetime traits the accounts grouped by how long they were followed. */
  cohorts: { cohort: string; accounts: number; followed: number; alive: number[] }[];
  fit: {
    alpha: number;
    beta: number;
    log_likelihood: number;
    converged: true;
    iterations: number;
    evaluations: number;
    /** The longest followed period. */
    periods: number;
    /** Mean of |actual - projected| over the followed periods. */
    mean_absolute_gap: number;
  };
  /** E[T] in periods; null when alpha <= 1 (the mean is infinite: some customers practically never leave). */
  mean_lifetime: number | null;
  /** The first period at whose end at most half the customers remain (null when not within 10,000 periods). */
  median_lifetime: number | null;
  rows: SurvivalRow[];
}

/** Fewest accounts, churners and followed periods a fit needs; two periods are the fewest that tell the two parameters apart. */
export const MIN_ACCOUNTS = 20;
export const MIN_CHURNED = 10;
export const MIN_PERIODS = 2;
const TRAIT_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

function refuse(reason: string, message: string, path: string, extra: Record<string, unknown> = {}): never {
  throw new AppError('unprocessable', `Cannot project retention: ${message}`, [{ path, message: reason.replace(/_/g, ' ') }], { reason, ...extra });
}

function wholeNumber(issues: FieldIssue[], path: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) issues.push({ path, message: `must be a whole number from ${min} to ${max} (got ${value})` });
}

export async function projectCohortSurvival(db: Queryable, workspaceId: number, input: CohortSurvivalInput = {}): Promise<CohortSurvivalProjection> {
  const period = input.period ?? 'month';
  const issues: FieldIssue[] = [];
  if (period !== 'month' && period !== 'year') issues.push({ path: '/period', message: `must be month or year (got ${JSON.stringify(period)})` });
  const horizon = input.horizon ?? (period === 'year' ? 5 : 24);
  wholeNumber(issues, '/horizon', horizon, 1, 600);
  if (input.cohorts != null) wholeNumber(issues, '/cohorts', input.cohorts, 1, 1000);
  const churnAfterDays = input.churnAfterDays ?? 365;
  wholeNumber(issues, '/churn_after_days', churnAfterDays, 1, 3650);
  const asOf = input.asOf == null ? new Date() : new Date(input.asOf);
  if (Number.isNaN(asOf.getTime())) issues.push({ path: '/as_of', message: `must be an ISO 8601 date or date-time (got ${JSON.stringify(input.asOf)})` });
  const lifetime = input.lifetime ?? null;
  if (lifetime) {
    for (const [field, v] of [['duration_trait', lifetime.durationTrait], ['churn_trait', lifetime.churnTrait]] as const) {
      if (!TRAIT_NAME.test(v)) issues.push({ path: `/${field}`, message: `must be a trait name (letters, digits, _ . -), got ${JSON.stringify(v)}` });
    }
    if (!['day', 'week', 'month'].includes(lifetime.unit)) issues.push({ path: '/duration_unit', message: `must be day, week or month (got ${JSON.stringify(lifetime.unit)})` });
  }
  if (issues.length > 0) throw new AppError('validation_failed', `Invalid retention projection request: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);

  const data = lifetime
    ? await readCohortSurvivalFromTraits(db, workspaceId, { period, lifetime })
    : await readCohortSurvivalFromOrders(db, workspaceId, { period, asOf, churnAfterDays });
  let cohorts = data.cohorts;
  let olderCohortAccounts = 0;
  if (!lifetime && input.cohorts != null && cohorts.length > input.cohorts) {
    olderCohortAccounts = cohorts.slice(0, cohorts.length - input.cohorts).reduce((n, c) => n + c.alive[0]!, 0);
    cohorts = cohorts.slice(cohorts.length - input.cohorts);
  }
  checkData(cohorts, data, { period, lifetime, asOf, churnAfterDays });

  const fit = fitShiftedBetaGeometric(cohorts.map((c) => c.alive));
  if (!fit.ok) {
    refuse(fit.reason, `${fit.message}.`, fit.reason === 'insufficient_data' ? '/cohorts' : '/period', { iterations: fit.iterations, log_likelihood: fit.lastLogLikelihood });
  }
  const { alpha, beta } = fit.params;
  const observed = pooledSurvival(cohorts);
  const periods = observed.length - 1;
  const curve = projectShiftedBetaGeometric(fit.params, periods + 2 * horizon);
  const rows: SurvivalRow[] = [];
  let gap = 0;
  for (let t = 0; t <= periods + horizon; t++) {
    const o = t <= periods ? observed[t]! : null;
    let remaining = 0;
    for (let k = 0; k < horizon; k++) remaining += curve.survival[t + k]! / curve.survival[t]!;
    if (o && t > 0) gap += Math.abs(o.actual - curve.survival[t]!);
    rows.push({
      period: t,
      observed: o !== null,
      at_risk: o?.atRisk ?? null,
      churned: o?.churned ?? null,
      actual: o?.actual ?? null,
      actual_retention_rate: o && t > 0 && o.atRisk > 0 ? 1 - o.churned / o.atRisk : null,
      projected: curve.survival[t]!,
      retention_rate: t > 0 ? curve.retention[t]! : null,
      remaining_lifetime: remaining,
    });
  }
  const accounts = cohorts.reduce((n, c) => n + c.alive[0]!, 0);
  return {
    source: lifetime ? 'traits' : 'orders',
    period,
    horizon,
    as_of: asOf,
    churn_after_days: lifetime ? null : churnAfterDays,
    accounts,
    churned: cohorts.reduce((n, c) => n + c.alive[0]! - c.alive[c.alive.length - 1]!, 0),
    unobserved_accounts: data.unobserved,
    skipped_accounts: data.skipped,
    older_cohort_accounts: olderCohortAccounts,
    cohorts: cohorts.map((c) => ({ cohort: c.cohort, accounts: c.alive[0]!, followed: c.alive.length - 1, alive: c.alive })),
    fit: { alpha, beta, log_likelihood: fit.logLikelihood, converged: true, iterations: fit.iterations, evaluations: fit.evaluations, periods, mean_absolute_gap: gap / periods },
    mean_lifetime: alpha > 1 ? (alpha + beta - 1) / (alpha - 1) : null,
    median_lifetime: medianLifetime(alpha, beta),
    rows,
  };
}

/** Refuses, saying what is missing, data that cannot carry the model. */
function checkData(
  cohorts: CohortSurvivors[],
  data: { unobserved: number; skipped: number; firstOrderAt: Date | null },
  ctx: { period: SurvivalPeriod; lifetime: LifetimeTraits | null; asOf: Date; churnAfterDays: number },
): void {
  const { period, lifetime } = ctx;
  const accounts = cohorts.reduce((n, c) => n + c.alive[0]!, 0);
  if (accounts === 0 && data.unobserved === 0) {
    if (lifetime) refuse('no_accounts', `no account has a numeric "${lifetime.durationTrait}" trait${data.skipped > 0 ? ` (${data.skipped} accounts have none)` : ''}`, '/duration_trait', { skipped: data.skipped });
    refuse('no_accounts', `no account has an order up to ${ctx.asOf.toISOString().slice(0, 10)}: there are no acquisition cohorts`, '/as_of');
  }
  if (accounts === 0) {
    const since = data.firstOrderAt ? `; the first orders are from ${data.firstOrderAt.toISOString().slice(0, 10)}` : '';
    const wait = lifetime ? '' : `: a ${period} counts once it ended at least ${ctx.churnAfterDays} days (churn_after_days) before ${ctx.asOf.toISOString().slice(0, 10)}`;
    refuse(
      'not_followed_yet',
      `no acquisition cohort has been followed for a whole ${period} yet${wait} (${data.unobserved} accounts are newer than that${since}); use a shorter period${lifetime ? '' : ' or churn_after_days'}, or wait for more history`,
      '/period',
      { unobserved: data.unobserved },
    );
  }
  const longest = Math.max(...cohorts.map((c) => c.alive.length - 1));
  if (longest < MIN_PERIODS) {
    refuse(
      'too_few_periods',
      `the oldest cohort has been followed for ${longest} ${period}${longest === 1 ? '' : 's'}; the model needs at least ${MIN_PERIODS} to tell how churn changes with tenure: use a shorter period`,
      '/period',
      { periods: longest, needed: MIN_PERIODS },
    );
  }
  if (accounts < MIN_ACCOUNTS) refuse('too_few_accounts', `only ${accounts} accounts have been followed for a whole ${period}; the fit needs at least ${MIN_ACCOUNTS}`, '/cohorts', { accounts, needed: MIN_ACCOUNTS });
  const churned = cohorts.reduce((n, c) => n + c.alive[0]! - c.alive[c.alive.length - 1]!, 0);
  if (churned < MIN_CHURNED) {
    const how = lifetime ? `with ${lifetime.churnTrait} = ${lifetime.churnValue}` : `(stopped ordering)`;
    refuse('too_few_churned', `only ${churned} of ${accounts} accounts churned ${how} in the followed periods; the fit needs at least ${MIN_CHURNED} churners`, lifetime ? '/churn_value' : '/churn_after_days', {
      churned,
      accounts,
      needed: MIN_CHURNED,
    });
  }
}

/** Pooled survivor counts per period: at risk, churned and the discrete Kaplan-Meier survival, t = 0..longest. */
function pooledSurvival(cohorts: CohortSurvivors[]): { atRisk: number; churned: number; actual: number }[] {
  const longest = Math.max(...cohorts.map((c) => c.alive.length - 1));
  const out = [{ atRisk: cohorts.reduce((n, c) => n + c.alive[0]!, 0), churned: 0, actual: 1 }];
  for (let t = 1; t <= longest; t++) {
    let atRisk = 0;
    let churned = 0;
    for (const c of cohorts) {
      if (c.alive.length - 1 < t) continue;
      atRisk += c.alive[t - 1]!;
      churned += c.alive[t - 1]! - c.alive[t]!;
    }
    const before = out[t - 1]!.actual;
    out.push({ atRisk, churned, actual: atRisk > 0 ? before * (1 - churned / atRisk) : before });
  }
  return out;
}

function medianLifetime(alpha: number, beta: number): number | null {
  let s = 1;
  for (let t = 1; t <= 10_000; t++) {
    s *= (beta + t - 1) / (alpha + beta + t - 1);
    if (s <= 0.5) return t;
  }
  return null;
}
