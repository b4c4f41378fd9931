import type { Queryable } from '../../db/database.js';
import type { AssociationRule, PlanStep, RuleSet } from './association-rule.js';

export interface MineOptions {
  /** Only orders before this instant are read (a time split trains on the past only). */
  asOf: Date;
  /** Least number of accounts a rule must rest on. Default 5. */
  minCount?: number;
  /** Least confidence of a rule. Default 0.05. */
  minConfidence?: number;
}

/** Orders that count as bought: not cancelled and not wholly refunded. */
const BOUGHT = `o.status NOT IN ('cancelled', 'refunded') AND o.account_id IS NOT NULL AND l.product_id IS NOT NULL`;

/**
 * Mines sequential association rules X -> Z and X, Y -> Z over the accounts' purchase histories:
 * Z counts only when the account first bought it after it first had the antecedent, so a rule
 * says what customers buy NEXT (items bought together in one first order say nothing about the
 * next offer). Apriori-style in SQL: ordered pairs that clear the support floor, then triples
 * only on frequent pairs. Support = count / accounts, confidence = count / accounts that had the
 * antecedent, lift = confidence / share of accounts that bought Z after their first purchase (the
 * base rate of buying Z next). Kept when both floors are cleared and lift > 1 (the rule says more
 * than the base rate does).
 */
export async function mineAssociationRules(db: Queryable, workspaceId: number, opts: MineOptions): Promise<RuleSet> {
  const minCount = opts.minCount ?? 5;
  const minConfidence = opts.minConfidence ?? 0.05;
  const params = [workspaceId, opts.asOf.toISOString(), minCount];
  const firsts = `SELECT o.account_id, l.product_id, min(o.ordered_at) AS first_at FROM orders o
      JOIN order_lines l ON l.workspace_id = o.workspace_id AND l.order_id = o.id
     WHERE o.workspace_id = $1 AND o.ordered_at < $2 AND ${BOUGHT}
     GROUP BY 1, 2`;
  const [totals] = await db.query<{ accounts: number }>(`SELECT count(DISTINCT account_id) AS accounts FROM (${firsts}) b`, params.slice(0, 2));
  const accounts = totals?.accounts ?? 0;
  const popularityRows = await db.query<{ product_id: number; n: number }>(
    `SELECT product_id, count(*) AS n FROM (${firsts}) b GROUP BY product_id`,
    params.slice(0, 2),
  );
  const popularity = Object.fromEntries(popularityRows.map((r) => [String(r.product_id), r.n]));
  const laterRows = await db.query<{ product_id: number; n: number }>(
    `WITH ap AS (${firsts})
     SELECT ap.product_id, count(*) AS n FROM ap
       JOIN (SELECT account_id, min(first_at) AS start FROM ap GROUP BY 1) s ON s.account_id = ap.account_id
      WHERE ap.first_at > s.start GROUP BY 1`,
    params.slice(0, 2),
  );
  const later = Object.fromEntries(laterRows.map((r) => [String(r.product_id), r.n]));
  const rows = await db.query<{ kind: 'next' | 'both' | 'triple'; a1: number; a2: number | null; z: number | null; n: number }>(
    `WITH ap AS MATERIALIZED (${firsts}),
     nexts AS (
       SELECT x.product_id AS a, z.product_id AS b, count(*) AS n
         FROM ap x JOIN ap z ON z.account_id = x.account_id AND z.first_at > x.first_at
        GROUP BY 1, 2 HAVING count(*) >= $3
     ),
     boths AS (
       SELECT x.product_id AS a, y.product_id AS b, count(*) AS n
         FROM ap x JOIN ap y ON y.account_id = x.account_id AND y.product_id > x.product_id
        GROUP BY 1, 2 HAVING count(*) >= $3
     ),
     triples AS (
       SELECT x.product_id AS a1, y.product_id AS a2, z.product_id AS z, count(*) AS n
         FROM ap x
         JOIN ap y ON y.account_id = x.account_id AND y.product_id > x.product_id
         JOIN ap z ON z.account_id = x.account_id AND z.first_at > x.first_at AND z.first_at > y.first_at
        WHERE EXISTS (SELECT 1 FROM boths p WHERE p.a = x.product_id AND p.b = y.product_id)
          AND EXISTS (SELECT 1 FROM nexts p WHERE p.a = x.product_id AND p.b = z.product_id)
          AND EXISTS (SELECT 1 FROM nexts p WHERE p.a = y.product_id AND p.b = z.product_id)
        GROUP BY 1, 2, 3 HAVING count(*) >= $3
     )
     SELECT 'next' AS kind, a AS a1, NULL::bigint AS a2, b AS z, n FROM nexts
     UNION ALL SELECT 'both', a, b, NULL::bigint, n FROM boths
     UNION ALL SELECT 'triple', a1, a2, z, n FROM triples`,
    params,
  );
  const both = new Map<string, number>();
  for (const r of rows) if (r.kind === 'both') both.set(`${r.a1}:${r.a2}`, r.n);
  const rules: AssociationRule[] = [];
  for (const r of rows) {
    if (r.kind === 'both' || r.z === null) continue;
    const antecedent = r.a2 === null ? [r.a1] : [r.a1, r.a2];
    const base = r.a2 === null ? popularity[String(r.a1)] : both.get(`${r.a1}:${r.a2}`);
    const zShare = (later[String(r.z)] ?? 0) / accounts;
    if (!base || zShare === 0) continue;
    const confidence = r.n / base;
    const lift = confidence / zShare;
    if (confidence < minConfidence || lift <= 1) continue;
    rules.push({ antecedent, consequent: r.z, count: r.n, support: r.n / accounts, confidence, lift });
  }
  rules.sort((a, b) => b.confidence - a.confidence || b.lift - a.lift || a.consequent - b.consequent);
  return { asOf: opts.asOf.toISOString(), accounts, popularity, later, rules, planSteps: await minePlanSteps(db, params.slice(0, 2)), minCount, minConfidence };
}

/** For each plan and the next dearer one: how many accounts that had the plan later bought the next. */
async function minePlanSteps(db: Queryable, params: unknown[]): Promise<PlanStep[]> {
  return db.query<PlanStep & Record<string, unknown>>(
    `WITH plans AS (
       SELECT id, lead(id) OVER (ORDER BY price, id) AS next_id FROM products
        WHERE workspace_id = $1 AND category = 'plan' AND price IS NOT NULL
     ),
     firsts AS (
       SELECT o.account_id, l.product_id, min(o.ordered_at) AS first_at FROM orders o
         JOIN order_lines l ON l.workspace_id = o.workspace_id AND l.order_id = o.id
        WHERE o.workspace_id = $1 AND o.ordered_at < $2 AND ${BOUGHT}
          AND l.product_id IN (SELECT id FROM plans)
        GROUP BY 1, 2
     )
     SELECT p.id AS "from", p.next_id AS "to",
            count(*) FILTER (WHERE n.first_at > f.first_at) AS moved, count(*) AS had,
            (count(*) FILTER (WHERE n.first_at > f.first_at))::float8 / count(*) AS rate
       FROM plans p JOIN firsts f ON f.product_id = p.id
       LEFT JOIN firsts n ON n.account_id = f.account_id AND n.product_id = p.next_id
      WHERE p.next_id IS NOT NULL
      GROUP BY p.id, p.next_id ORDER BY p.id`,
    params,
  );
}
