import type { Queryable } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import { resolveAccountGrouping } from '../retention/account-grouping.js';

export interface ShareOfWalletInput {
  /** Default now. */
  asOf?: Date | null;
  /** The revenue window before asOf, in months (default 12). */
  months?: number | null;
  by?: string | null;
  /** Trait with the customer's yearly spend in the category (default category_spend_eur). */
  spendTrait?: string | null;
  /** Trait with the yearly cost to serve the customer (default cost_to_serve_eur). */
  costTrait?: string | null;
  /** Timeline events whose `amount` property is an incentive given (default 'Incentive Granted'). */
  incentiveEvent?: string | null;
  /** Only this account (the account page). */
  accountId?: number | null;
  /** Accounts with the most headroom to list (default 10). */
  top?: number | null;
}

export interface WalletFigures {
  accounts: number;
  revenue: number;
  /** Accounts whose category spend is known (the trait) / estimated from firmographics. */
  spend_known: number;
  spend_estimated: number;
  /** Sum of the category spend of the accounts that have one (known or estimated). */
  category_spend: number;
  /** Revenue of those accounts / their category spend. */
  share_of_wallet: number | null;
  /** Accounts whose cost to serve is known, and the profit over those: revenue - cost - incentives. */
  cost_known: number;
  cost_to_serve: number;
  incentives: number;
  profit: number | null;
  margin: number | null;
}

export interface WalletAccount {
  id: number;
  name: string;
  revenue: number;
  category_spend: number | null;
  spend_source: 'trait' | 'estimate' | null;
  share_of_wallet: number | null;
  headroom: number | null;
  cost_to_serve: number | null;
  incentives: number;
  profit: number | null;
}

export interface ShareOfWallet {
  as_of: Date;
  months: number;
  by: string | null;
  /** How unknown spend was estimated: median spend per employee of the accounts that know theirs, by industry (else overall). */
  estimate: { per_employee_overall: number | null; per_employee_by_industry: Record<string, number> };
  total: WalletFigures;
  groups: ({ group: string } & WalletFigures)[];
  /** Customers (revenue in the window) with the most category spend left to win. */
  top_headroom: WalletAccount[];
  /** The one account asked for (accountId), else null. */
  account: WalletAccount | null;
}

const TRAIT = /^[A-Za-z0-9_.-]{1,100}$/;
const NUMBER = `'^-?[0-9]{1,12}(\\\\.[0-9]+)?$'`;

/**
 * Share of wallet and profitability: each account's revenue in the window (orders net of
 * refunds) against its yearly spend in the category, scaled to the window (a trait where the
 * customer told us, else estimated from firmographics: employees x the median spend per employee
 * of its industry among accounts that told us), and revenue minus cost to serve (scaled likewise)
 * and incentives where those are known. Totals, per group, and the largest headroom.
 */
export async function getShareOfWallet(db: Queryable, workspaceId: number, input: ShareOfWalletInput = {}): Promise<ShareOfWallet> {
  const asOf = input.asOf ?? new Date();
  const months = input.months ?? 12;
  if (!Number.isInteger(months) || months < 1 || months > 120) throw new AppError('validation_failed', `months must be 1..120 (got ${months})`, [{ path: '/months', message: 'must be 1..120' }]);
  const spendTrait = input.spendTrait ?? 'category_spend_eur';
  const costTrait = input.costTrait ?? 'cost_to_serve_eur';
  for (const [path, v] of [['/spend_trait', spendTrait], ['/cost_trait', costTrait]] as const) {
    if (!TRAIT.test(v)) throw new AppError('validation_failed', `${path.slice(1)} must be a trait name, got ${JSON.stringify(v)}`, [{ path, message: 'not a trait name' }]);
  }
  const grouping = await resolveAccountGrouping(db, workspaceId, input.by, 8);
  const rows = await db.query<{ id: number; name: string; industry: string | null; employees: number | null; grp: string; revenue: number; spend: number | null; cost: number | null; incentives: number }>(
    `WITH rev AS (
       SELECT account_id, sum(total - refunded_total)::float8 AS revenue FROM orders
        WHERE workspace_id = $1 AND status <> 'cancelled' AND account_id IS NOT NULL
          AND ordered_at > $2::timestamptz - make_interval(months => $3::int) AND ordered_at <= $2
        GROUP BY account_id
     ),
     inc AS (
       SELECT account_id, sum(CASE WHEN properties ->> 'amount' ~ ${NUMBER} THEN (properties ->> 'amount')::float8 ELSE 0 END) AS incentives FROM events
        WHERE workspace_id = $1 AND name = $6 AND account_id IS NOT NULL
          AND occurred_at > $2::timestamptz - make_interval(months => $3::int) AND occurred_at <= $2
        GROUP BY account_id
     )
     SELECT a.id, a.name, a.industry, a.employees, ${grouping.sql} AS grp, coalesce(rev.revenue, 0) AS revenue,
            CASE WHEN a.traits ->> $4 ~ ${NUMBER} THEN (a.traits ->> $4)::float8 END AS spend,
            CASE WHEN a.traits ->> $5 ~ ${NUMBER} THEN (a.traits ->> $5)::float8 END AS cost,
            coalesce(inc.incentives, 0) AS incentives
       FROM accounts a
       LEFT JOIN rev ON rev.account_id = a.id
       LEFT JOIN inc ON inc.account_id = a.id
      WHERE a.workspace_id = $1 AND ($7::bigint IS NULL OR a.id = $7)`,
    [workspaceId, asOf, months, spendTrait, costTrait, input.incentiveEvent ?? 'Incentive Granted', input.accountId ?? null, ...grouping.params],
  );
  if (input.accountId != null && rows.length === 0) throw new AppError('not_found', `There is no account ${input.accountId}`);
  const perEmployee = await spendPerEmployee(db, workspaceId, spendTrait);
  const scale = months / 12;
  const accounts: (WalletAccount & { grp: string })[] = rows.map((r) => {
    const rate = r.industry !== null && perEmployee.byIndustry[r.industry] !== undefined ? perEmployee.byIndustry[r.industry]! : perEmployee.overall;
    const yearly = r.spend ?? (r.employees && rate !== null ? r.employees * rate : null);
    const spend = yearly === null ? null : yearly * scale;
    const cost = r.cost === null ? null : r.cost * scale;
    return {
      id: r.id,
      name: r.name,
      grp: r.grp,
      revenue: r.revenue,
      category_spend: spend,
      spend_source: r.spend !== null ? 'trait' : spend !== null ? 'estimate' : null,
      share_of_wallet: spend ? r.revenue / spend : null,
      headroom: spend === null ? null : Math.max(0, spend - r.revenue),
      cost_to_serve: cost,
      incentives: r.incentives,
      profit: cost === null ? null : r.revenue - cost - r.incentives,
    };
  });
  const groups = new Map<string, typeof accounts>();
  for (const a of accounts) groups.set(a.grp, [...(groups.get(a.grp) ?? []), a]);
  const strip = ({ grp: _g, ...a }: WalletAccount & { grp: string }): WalletAccount => a;
  return {
    as_of: asOf,
    months,
    by: grouping.by,
    estimate: { per_employee_overall: perEmployee.overall, per_employee_by_industry: perEmployee.byIndustry },
    total: figures(accounts),
    groups: [...groups].map(([group, list]) => ({ group, ...figures(list) })).sort((a, b) => b.revenue - a.revenue || a.group.localeCompare(b.group)),
    top_headroom: accounts
      .filter((a) => a.revenue > 0 && a.headroom !== null)
      .sort((a, b) => b.headroom! - a.headroom! || a.id - b.id)
      .slice(0, input.top ?? 10)
      .map(strip),
    account: input.accountId != null && accounts[0] ? strip(accounts[0]) : null,
  };
}

function figures(list: WalletAccount[]): WalletFigures {
  const withSpend = list.filter((a) => a.category_spend !== null);
  const withCost = list.filter((a) => a.cost_to_serve !== null);
  const sum = (l: WalletAccount[], f: (a: WalletAccount) => number) => l.reduce((s, a) => s + f(a), 0);
  const spend = sum(withSpend, (a) => a.category_spend!);
  const costRevenue = sum(withCost, (a) => a.revenue);
  const profit = withCost.length ? costRevenue - sum(withCost, (a) => a.cost_to_serve!) - sum(withCost, (a) => a.incentives) : null;
  return {
    accounts: list.length,
    revenue: sum(list, (a) => a.revenue),
    spend_known: list.filter((a) => a.spend_source === 'trait').length,
    spend_estimated: list.filter((a) => a.spend_source === 'estimate').length,
    category_spend: spend,
    share_of_wallet: spend > 0 ? sum(withSpend, (a) => a.revenue) / spend : null,
    cost_known: withCost.length,
    cost_to_serve: sum(withCost, (a) => a.cost_to_serve!),
    incentives: sum(list, (a) => a.incentives),
    profit,
    margin: profit !== null && costRevenue > 0 ? profit / costRevenue : null,
  };
}

/** Median yearly category spend per employee of the accounts that told us theirs, overall and by industry (industries with at least 5 such accounts). */
async function spendPerEmployee(db: Queryable, workspaceId: number, spendTrait: string): Promise<{ overall: number | null; byIndustry: Record<string, number> }> {
  const rows = await db.query<{ industry: string | null; n: number; median: number | null }>(
    `SELECT GROUPING(industry) AS g, industry, count(*) AS n,
            percentile_cont(0.5) WITHIN GROUP (ORDER BY (traits ->> $2)::float8 / employees) AS median
       FROM accounts
      WHERE workspace_id = $1 AND employees > 0 AND traits ->> $2 ~ ${NUMBER}
      GROUP BY GROUPING SETS ((industry), ())`,
    [workspaceId, spendTrait],
  );
  const overall = rows.find((r) => (r as { g?: number }).g === 1);
  const byIndustry: Record<string, number> = {};
  for (const r of rows) if ((r as { g?: number }).g === 0 && r.industry !== null && r.n >= 5 && r.median !== null) byIndustry[r.industry] = Number(r.median);
  return { overall: overall?.median == null ? null : Number(overall.median), byIndustry };
}
