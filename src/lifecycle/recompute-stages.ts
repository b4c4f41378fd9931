import type { Database } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import type { SubjectType } from '../rules/rule.js';
import { recomputeStageBatch, type StageBatchResult, type StageBatchScope } from './recompute-stage-batch.js';

export const DEFAULT_STAGE_BATCH_SIZE = 20_000;

export interface RecomputeStagesOptions {
  /** Which subjects: an id range [fromId, toId) (null ends are open) or a list of ids. Default: all. */
  scope?: StageBatchScope;
  /** The time rules are evaluated at and moves are recorded with (default: now). */
  now?: Date;
  /** Subjects per batch; each batch is one transaction (default 20,000). */
  batchSize?: number;
  /** Called after each batch with subjects done and the total in scope. */
  onProgress?: (done: number, total: number) => void;
}

export interface StageRecomputeResult {
  subject: SubjectType;
  /** Subjects in scope when the run started. */
  subjects: number;
  batches: number;
  /** The definition version of the last batch. */
  version: number;
  placed: number;
  reset: number;
  removed: number;
  /** Moves per transition key, over all batches. */
  moves: Record<string, number>;
  /** Most passes any batch needed. */
  passes: number;
  timeDependent: boolean;
  ms: number;
}

const TABLE: Record<SubjectType, string> = { account: 'accounts', contact: 'contacts' };

function addBatch(total: StageRecomputeResult, batch: StageBatchResult): void {
  total.batches += 1;
  total.version = batch.version;
  total.placed += batch.placed;
  total.reset += batch.reset;
  total.removed += batch.removed;
  total.passes = Math.max(total.passes, batch.passes);
  total.timeDependent = batch.timeDependent;
  for (const [key, n] of Object.entries(batch.moves)) total.moves[key] = (total.moves[key] ?? 0) + n;
}

/**
 * Recomputes the lifecycle stages of the subjects in scope, in batches of ids, each batch in
 * its own transaction (recomputeStageBatch: set-based SQL, nothing per subject in JavaScript).
 * An id range is cut into batches by walking the primary key, so memory stays flat however
 * many subjects there are.
 */
export async function recomputeStages(
  db: Database,
  workspaceId: number,
  subject: SubjectType,
  options: RecomputeStagesOptions = {},
): Promise<StageRecomputeResult> {
  const started = Date.now();
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? DEFAULT_STAGE_BATCH_SIZE;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new AppError('bad_request', `batch size must be a whole number of at least 1, got ${batchSize}`);
  const scope = options.scope ?? { fromId: null, toId: null };
  const result: StageRecomputeResult = {
    subject,
    subjects: 0,
    batches: 0,
    version: 0,
    placed: 0,
    reset: 0,
    removed: 0,
    moves: {},
    passes: 0,
    timeDependent: false,
    ms: 0,
  };
  const run = (batch: StageBatchScope) => db.transaction((tx) => recomputeStageBatch(tx, workspaceId, subject, batch, now));

  if ('ids' in scope) {
    const ids = [...new Set(scope.ids)].sort((a, b) => a - b);
    result.subjects = ids.length;
    if (ids.length === 0) addBatch(result, await run({ ids: [] }));
    for (let i = 0; i < ids.length; i += batchSize) {
      addBatch(result, await run({ ids: ids.slice(i, i + batchSize) }));
      options.onProgress?.(Math.min(i + batchSize, ids.length), ids.length);
    }
  } else {
    const table = TABLE[subject];
    const inRange = `workspace_id = $1 AND ($2::bigint IS NULL OR id >= $2::bigint) AND ($3::bigint IS NULL OR id < $3::bigint)`;
    const [count] = await db.query<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE ${inRange}`, [workspaceId, scope.fromId, scope.toId]);
    result.subjects = Number(count?.n ?? 0);
    let from = scope.fromId;
    let done = 0;
    for (;;) {
      // The first id of the next batch: batchSize ids on along the primary key.
      const [next] = await db.query<{ id: number }>(`SELECT id FROM ${table} WHERE ${inRange} ORDER BY id OFFSET $4 LIMIT 1`, [
        workspaceId,
        from,
        scope.toId,
        batchSize,
      ]);
      const to = next ? Number(next.id) : scope.toId;
      addBatch(result, await run({ fromId: from, toId: to }));
      done = next ? Math.min(done + batchSize, result.subjects) : result.subjects;
      options.onProgress?.(done, result.subjects);
      if (!next) break;
      from = to;
    }
  }
  result.ms = Date.now() - started;
  return result;
}
