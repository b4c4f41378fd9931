import type { Command } from 'commander';
import { evaluateRecommendations, type RecommendationEvaluation } from '../../analytics/recommendations/evaluate-recommendations.js';
import { recommendProducts, type AccountRecommendations } from '../../analytics/recommendations/recommend-products.js';
import { refreshRecommendationRules } from '../../analytics/recommendations/refresh-recommendation-rules.js';
import { AppError } from '../../errors/app-error.js';
import { resolveWorkspace } from '../../workspaces/resolve-workspace.js';
import { configFrom, withDatabase, type GlobalOptions } from '../context.js';
import { report } from '../output.js';

type Opts = GlobalOptions & { workspace?: string; k?: string; splitAt?: string; minCount?: string; minConfidence?: string };

function whole(flag: string, raw: string, min: number, max: number): number {
  const v = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || v < min || v > max) throw new AppError('bad_request', `${flag} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return v;
}

function fraction(flag: string, raw: string): number {
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || v < 0 || v > 1) throw new AppError('bad_request', `${flag} must be a number from 0 to 1, got "${raw}"`);
  return v;
}

const pct = (v: number | null) => (v === null ? '-' : `${(100 * v).toFixed(1)} %`);

function showOffers(r: AccountRecommendations): string {
  if (r.recommendations.length === 0) return `No offers for account ${r.account_id} (rules mined ${r.rules_as_of} from ${r.accounts_in_rules} accounts).`;
  const lines = r.recommendations.map((o, i) => {
    const why =
      o.kind === 'up_sell'
        ? `${pct(o.score)} of customers on ${o.because[0]?.name} moved up to it`
        : o.because.length > 0
          ? `${pct(o.score)} of customers who bought ${o.because.map((p) => p.name).join(' and ')} then bought it (lift ${o.lift?.toFixed(2)})`
          : `${pct(o.score)} of customers bought it after their first purchase`;
    return `${i + 1}. ${o.product.name} [${o.product.sku}] ${o.kind === 'up_sell' ? 'up-sell' : 'cross-sell'}: ${why}`;
  });
  return [`Next-best offers for account ${r.account_id} (rules mined ${r.rules_as_of} from ${r.accounts_in_rules} accounts)`, ...lines].join('\n');
}

function showEvaluation(r: RecommendationEvaluation): string {
  const rows = r.association_rules.map((q, i) => {
    const b = r.most_popular[i]!;
    return `  k=${q.k}  precision ${pct(q.precision)} vs ${pct(b.precision)}   recall ${pct(q.recall)} vs ${pct(b.recall)}   hit rate ${pct(q.hit_rate)} vs ${pct(b.hit_rate)}`;
  });
  return [
    `Time split at ${r.split_at} (truth: new purchases until ${r.end_at})`,
    `${r.accounts} of ${r.scored_accounts} accounts bought something new; ${r.rules} rules mined before the split`,
    'next-best offer vs most-popular baseline:',
    ...rows,
  ].join('\n');
}

/** `kanta analytics recommend|rules|evaluate-offers`: next-best offers, under `kanta analytics`. */
export function registerRecommendations(analytics: Command): void {
  const ws = (c: Command) => c.option('-w, --workspace <slug>', 'workspace (default: the only one)');
  ws(analytics.command('recommend <account-id>'))
    .description('next-best offers for one account, each with its reason')
    .option('-k <n>', 'how many offers (default 3)')
    .action(async (accountId: string, _o, cmd: Command) => {
      const g = cmd.optsWithGlobals<Opts>();
      const id = whole('account-id', accountId, 1, Number.MAX_SAFE_INTEGER);
      const k = g.k === undefined ? 3 : whole('-k', g.k, 1, 20);
      const result = await withDatabase(configFrom(g), async (db) => recommendProducts(db, (await resolveWorkspace(db, g.workspace)).id, id, k));
      report(!!g.json, result, () => showOffers(result));
    });
  ws(analytics.command('rules'))
    .description('mine the next-best-offer rules again from all orders')
    .option('--min-count <n>', 'least accounts a rule rests on (default 5)')
    .option('--min-confidence <p>', 'least confidence of a rule, 0-1 (default 0.05)')
    .action(async (_o, cmd: Command) => {
      const g = cmd.optsWithGlobals<Opts>();
      const result = await withDatabase(configFrom(g), async (db) =>
        refreshRecommendationRules(db, (await resolveWorkspace(db, g.workspace)).id, {
          ...(g.minCount !== undefined ? { minCount: whole('--min-count', g.minCount, 1, 1_000_000) } : {}),
          ...(g.minConfidence !== undefined ? { minConfidence: fraction('--min-confidence', g.minConfidence) } : {}),
        }),
      );
      report(!!g.json, result, () => `${result.rules.length} rules and ${result.planSteps.length} plan steps from ${result.accounts} accounts (as of ${result.asOf})`);
    });
  ws(analytics.command('evaluate-offers'))
    .description('precision and recall at k of the next-best offers on a time split, against the most-popular baseline')
    .option('--split-at <time>', 'train before, test after (default 365 days before the last order)')
    .option('-k <list>', 'cut-offs, comma separated (default 1,3)')
    .action(async (_o, cmd: Command) => {
      const g = cmd.optsWithGlobals<Opts>();
      const ks = g.k === undefined ? undefined : g.k.split(',').map((v) => whole('-k', v, 1, 20));
      const splitAt = g.splitAt === undefined ? null : new Date(g.splitAt);
      if (splitAt && Number.isNaN(splitAt.getTime())) throw new AppError('bad_request', `--split-at must be an ISO 8601 date or time, got "${g.splitAt}"`);
      const result = await withDatabase(configFrom(g), async (db) => evaluateRecommendations(db, (await resolveWorkspace(db, g.workspace)).id, { splitAt, ...(ks ? { ks } : {}) }));
      report(!!g.json, result, () => showEvaluation(result));
    });
}
