import type { Queryable } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';

/**
 * "By which attribute" for retention analyses: an account column, a trait, the lifecycle stage
 * or membership of a segment. Turned into a SQL expression over `accounts a` (and, for the
 * stage, a lateral lookup) that yields the group label as text; null becomes "(none)".
 *
 *   kind | country | industry | owner      the account column
 *   trait:<name>  (or traits.<name>)       the trait's value as text
 *   stage                                  the account's current lifecycle stage
 *   segment:<key>                          "in <key>" / "not in <key>"
 */
export const GROUP_COLUMNS = ['kind', 'country', 'industry', 'owner'] as const;

export interface AccountGrouping {
  /** What was asked for, normalised (null: no grouping). */
  by: string | null;
  /** SQL yielding the label for `accounts a`; parameters start after the caller's. */
  sql: string;
  params: unknown[];
  /**
   * For a caller that can add a join after `accounts a`: a LEFT JOIN (or '') and the label read
   * over it (`joinedSql`, the same parameters). The stage and a segment then cost one hash join
   * instead of a lookup per account, which counts at a million accounts.
   */
  join: string;
  joinedSql: string;
}

const TRAIT = /^(?:trait:|traits\.)([A-Za-z0-9_.-]{1,100})$/;
const SEGMENT = /^segment:([a-z0-9][a-z0-9_-]{0,62})$/;

/** `firstParam` is the number of the first placeholder the grouping may use. */
export async function resolveAccountGrouping(db: Queryable, workspaceId: number, by: string | null | undefined, firstParam: number): Promise<AccountGrouping> {
  const none = `'(none)'`;
  const plain = (g: { by: string | null; sql: string; params: unknown[] }): AccountGrouping => ({ ...g, join: '', joinedSql: g.sql });
  if (by == null || by === '') return plain({ by: null, sql: `'all'`, params: [] });
  if ((GROUP_COLUMNS as readonly string[]).includes(by)) return plain({ by, sql: `coalesce(a.${by}::text, ${none})`, params: [] });
  const trait = TRAIT.exec(by);
  if (trait) return plain({ by: `trait:${trait[1]}`, sql: `coalesce(a.traits ->> $${firstParam}, ${none})`, params: [trait[1]] });
  if (by === 'stage') {
    return {
      by,
      sql: `coalesce((SELECT st.stage FROM subject_stages st WHERE st.workspace_id = a.workspace_id AND st.subject_type = 'account' AND st.subject_id = a.id), ${none})`,
      params: [],
      join: `LEFT JOIN subject_stages grouping_stage ON grouping_stage.workspace_id = a.workspace_id AND grouping_stage.subject_type = 'account' AND grouping_stage.subject_id = a.id`,
      joinedSql: `coalesce(grouping_stage.stage, ${none})`,
    };
  }
  const segment = SEGMENT.exec(by);
  if (segment) {
    const key = segment[1]!;
    const [row] = await db.query<{ id: number; subject_type: string }>('SELECT id, subject_type FROM segments WHERE workspace_id = $1 AND key = $2', [workspaceId, key]);
    if (!row) throw new AppError('not_found', `There is no segment "${key}"`, [{ path: '/by', message: 'no segment with this key' }]);
    if (row.subject_type !== 'account') throw new AppError('validation_failed', `Segment "${key}" holds contacts; group accounts by an account segment`, [{ path: '/by', message: 'must be an account segment' }]);
    return {
      by,
      sql: `CASE WHEN EXISTS (SELECT 1 FROM segment_members sm WHERE sm.workspace_id = a.workspace_id AND sm.segment_id = $${firstParam} AND sm.subject_id = a.id) THEN $${firstParam + 1} ELSE $${firstParam + 2} END`,
      params: [row.id, `in ${key}`, `not in ${key}`],
      join: `LEFT JOIN segment_members grouping_member ON grouping_member.workspace_id = a.workspace_id AND grouping_member.segment_id = $${firstParam} AND grouping_member.subject_id = a.id`,
      joinedSql: `CASE WHEN grouping_member.subject_id IS NOT NULL THEN $${firstParam + 1} ELSE $${firstParam + 2} END`,
    };
  }
  throw new AppError('validation_failed', `Cannot group by ${JSON.stringify(by)}: use ${GROUP_COLUMNS.join(', ')}, trait:<name>, stage or segment:<key>`, [
    { path: '/by', message: `must be one of ${GROUP_COLUMNS.join(', ')}, trait:<name>, stage, segment:<key>` },
  ]);
}
