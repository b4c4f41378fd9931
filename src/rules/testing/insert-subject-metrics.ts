import type { Queryable } from '../../db/database.js';
import { SCORE_FAMILIES, scoreFamilyOf } from '../score-families.js';

/**
 * Test data: stores metric values as the analyses would, a family's metrics of a subject in one
 * subject_scores row (its other metrics NULL). Throws on a name no family has.
 */
export async function insertSubjectMetrics(
  db: Queryable,
  workspaceId: number,
  metrics: { type: 'account' | 'contact'; id: number; metric: string; value: number | null; model?: string | null }[],
  computedAt: Date = new Date(),
): Promise<void> {
  const rows = new Map<string, { type: string; id: number; family: string; model: string | null; values: Record<string, number | null> }>();
  for (const m of metrics) {
    const family = scoreFamilyOf(m.metric);
    if (!family) throw new Error(`No score family stores the metric ${m.metric}`);
    const key = `${m.type}|${m.id}|${family}`;
    const row = rows.get(key) ?? { type: m.type, id: m.id, family, model: m.model ?? null, values: {} };
    row.values[m.metric] = m.value;
    rows.set(key, row);
  }
  for (const r of rows.values()) {
    const columns = SCORE_FAMILIES[r.family as keyof typeof SCORE_FAMILIES].filter((c) => c in r.values);
    await db.query(
      `INSERT INTO subject_scores (workspace_id, subject_type, family, subject_id, model, computed_at${columns.map((c) => `, ${c}`).join('')})
       VALUES ($1, $2, $3, $4, $5, $6${columns.map((_, i) => `, $${7 + i}`).join('')})`,
      [workspaceId, r.type, r.family, r.id, r.model, computedAt, ...columns.map((c) => r.values[c])],
    );
  }
}
