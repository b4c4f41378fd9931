import type { Queryable } from '../../db/database.js';
import type { SubjectType } from '../../rules/rule.js';
import { loadStageKeys } from '../../segments/load-stage-keys.js';
import type { CareValidationContext } from './validate-care-element.js';

/** The workspace facts a care element is checked against: lifecycle stages, segments, webhook endpoints. */
export async function loadCareValidationContext(db: Queryable, workspaceId: number, subjectType: SubjectType): Promise<CareValidationContext> {
  const segments = await db.query<{ key: string; subject_type: SubjectType; kind: 'dynamic' | 'static' }>(
    'SELECT key, subject_type, kind FROM segments WHERE workspace_id = $1',
    [workspaceId],
  );
  const endpoints = await db.query<{ key: string }>('SELECT key FROM care_webhook_endpoints WHERE workspace_id = $1 ORDER BY key', [workspaceId]);
  return {
    subjectType,
    stages: await loadStageKeys(db, workspaceId, subjectType),
    ...(subjectType === 'account' ? { contactStages: await loadStageKeys(db, workspaceId, 'contact') } : {}),
    segments: new Map(segments.map((s) => [s.key, { subjectType: s.subject_type, kind: s.kind }])),
    webhookEndpoints: new Set(endpoints.map((e) => e.key)),
  };
}
