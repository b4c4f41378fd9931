import type { Queryable } from '../db/database.js';
import { getLifecycleDefinition } from '../lifecycle/get-lifecycle-definition.js';
import type { SubjectType } from '../rules/rule.js';

/** The stage keys of the subject type's current lifecycle definition, for stage_in conditions. */
export async function loadStageKeys(db: Queryable, workspaceId: number, subjectType: SubjectType): Promise<string[]> {
  const current = await getLifecycleDefinition(db, workspaceId, subjectType);
  return current.definition.stages.map((s) => s.key);
}
