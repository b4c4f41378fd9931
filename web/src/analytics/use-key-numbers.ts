import { fetchCohortRetention } from '../api/analytics';
import type { ApiClient } from '../api/api-client';
import { fetchAidaFunnel } from '../api/funnel';
import { fetchLeavingReasons } from '../api/leaving-reasons';
import { fetchShareOfWallet } from '../api/wallet';
import { useApi } from '../auth/auth-context';
import { useResource, type Resource } from '../common/use-resource';
import { cohortKeyNumbers, funnelConversion, revenueLost, walletKeyNumbers, type KeyNumber } from './key-numbers';

/** What a key number rests on, for its one-line explanation. */
export interface KeyNumberFacts {
  asOf: string | null;
  churnAfterDays: number | null;
  periodMonths: number | null;
  spendKnown: number | null;
  spendEstimated: number | null;
  costKnown: number | null;
  prospects: number | null;
  leavers: number | null;
}

export interface KeyNumbers {
  numbers: KeyNumber[];
  facts: KeyNumberFacts;
  /** Sources that could not answer (e.g. no funnel without prospect stages), with the error. */
  failures: { source: 'cohorts' | 'wallet' | 'funnel' | 'leaving'; error: unknown }[];
}

const YEAR = 365 * 86_400_000;

/** Loads the sources of the dashboard in parallel; one failing source leaves the others shown. */
async function loadKeyNumbers(api: ApiClient, signal: AbortSignal): Promise<KeyNumbers> {
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const [cohorts, walletNow, walletBefore, funnelNow, funnelBefore, leavingNow, leavingBefore] = await Promise.allSettled([
    fetchCohortRetention(api, signal),
    fetchShareOfWallet(api, { months: 12, top: 0, as_of: iso(now) }, signal),
    fetchShareOfWallet(api, { months: 12, top: 0, as_of: iso(now - YEAR) }, signal),
    fetchAidaFunnel(api, { from: iso(now - YEAR), to: iso(now) }, signal),
    fetchAidaFunnel(api, { from: iso(now - 2 * YEAR), to: iso(now - YEAR) }, signal),
    fetchLeavingReasons(api, { months: 12, as_of: iso(now) }, signal),
    fetchLeavingReasons(api, { months: 12, as_of: iso(now - YEAR) }, signal),
  ]);
  const numbers: KeyNumber[] = [];
  const failures: KeyNumbers['failures'] = [];
  const facts: KeyNumberFacts = { asOf: null, churnAfterDays: null, periodMonths: null, spendKnown: null, spendEstimated: null, costKnown: null, prospects: null, leavers: null };
  if (cohorts.status === 'fulfilled') {
    numbers.push(...cohortKeyNumbers(cohorts.value));
    facts.asOf = cohorts.value.as_of;
    facts.churnAfterDays = cohorts.value.churn_after_days;
    facts.periodMonths = cohorts.value.period_months;
  } else failures.push({ source: 'cohorts', error: cohorts.reason });
  if (walletNow.status === 'fulfilled') {
    numbers.push(...walletKeyNumbers(walletNow.value, walletBefore.status === 'fulfilled' ? walletBefore.value : null));
    facts.spendKnown = walletNow.value.total.spend_known;
    facts.spendEstimated = walletNow.value.total.spend_estimated;
    facts.costKnown = walletNow.value.total.cost_known;
  } else failures.push({ source: 'wallet', error: walletNow.reason });
  if (funnelNow.status === 'fulfilled') {
    numbers.push({
      key: 'conversion',
      value: funnelConversion(funnelNow.value),
      previous: funnelBefore.status === 'fulfilled' ? funnelConversion(funnelBefore.value) : null,
      kind: 'rate',
      higherIsBetter: true,
      series: [],
    });
    facts.prospects = funnelNow.value.rows.reduce((n, r) => n + r.entered, 0);
  } else failures.push({ source: 'funnel', error: funnelNow.reason });
  if (leavingNow.status === 'fulfilled') {
    const before = leavingBefore.status === 'fulfilled' ? revenueLost(leavingBefore.value) : null;
    numbers.push({ key: 'revenueLost', value: revenueLost(leavingNow.value), previous: before, kind: 'money', higherIsBetter: false, series: [] });
    facts.leavers = leavingNow.value.leavers;
  } else failures.push({ source: 'leaving', error: leavingNow.reason });
  return { numbers, facts, failures };
}

export function useKeyNumbers(): Resource<KeyNumbers> {
  const api = useApi();
  return useResource('key-numbers', (signal) => loadKeyNumbers(api, signal));
}
