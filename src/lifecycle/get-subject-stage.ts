import type { Queryable } from '../db/database.js';
import type { Page } from '../db/keyset-cursor.js';
import { AppError } from '../errors/app-error.js';
import type { SubjectType } from '../rules/rule.js';
import { getLifecycleDefinition } from './get-lifecycle-definition.js';
import type { LocalizedText, StageKind } from './lifecycle-definition.js';
import { listStageHistory, type StageHistoryEntry } from './list-stage-history.js';

export interface SubjectStage {
  subject: SubjectType;
  subject_id: number;
  /** Null until the first recompute places the subject. */
  current: {
    stage: string;
    name: LocalizedText;
    kind: StageKind | null;
    entered_at: Date;
    days_in_stage: number;
    definition_version: number;
    transition_key: string | null;
  } | null;
  history: Page<StageHistoryEntry>;
}

const TABLE: Record<SubjectType, string> = { account: 'accounts', contact: 'contacts' };

/** The current stage of an account or contact (since when, by which transition) and its stage history. */
export async function getSubjectStage(
  db: Queryable,
  workspaceId: number,
  subject: SubjectType,
  subjectId: number,
  input: { limit?: number | undefined; cursor?: string | undefined; now?: Date } = {},
): Promise<SubjectStage> {
  const now = input.now ?? new Date();
  const [row] = await db.query<{ stage: string | null; entered_at: Date | null; definition_version: number | null; transition_key: string | null }>(
    `SELECT s.stage, s.entered_at, s.definition_version, s.transition_key
       FROM ${TABLE[subject]} x
       LEFT JOIN subject_stages s ON s.workspace_id = x.workspace_id AND s.subject_type = $3 AND s.subject_id = x.id
      WHERE x.workspace_id = $1 AND x.id = $2`,
    [workspaceId, subjectId, subject],
  );
  if (!row) throw new AppError('not_found', `No ${subject} ${subjectId} in this workspace`);
  const { definition } = await getLifecycleDefinition(db, workspaceId, subject);
  let current: SubjectStage['current'] = null;
  if (row.stage !== null && row.entered_at !== null && row.definition_version !== null) {
    const s = definition.stages.find((x) => x.key === row.stage);
    current = {
      stage: row.stage,
      name: s?.name ?? { fi: row.stage, en: row.stage },
      kind: s?.kind ?? null,
      entered_at: row.entered_at,
      days_in_stage: Math.max(0, Math.floor((now.getTime() - row.entered_at.getTime()) / 86_400_000)),
      definition_version: row.definition_version,
      transition_key: row.transition_key,
    };
  }
  const history = await listStageHistory(db, workspaceId, subject, subjectId, { limit: input.limit, cursor: input.cursor });
  return { subject, subject_id: subjectId, current, history };
}
