import type { Database } from '../db/database.js';
import { recomputeWorkspace, type RecomputeWorkspaceOptions } from './recompute-workspace.js';

/**
 * How long a claim of a workspace's requests holds without being renewed (the run renews it after
 * each batch): a worker that died mid-run leaves its requests to be claimed again after this.
 */
export const REQUEST_LEASE_MS = 10 * 60_000;

export interface RunRequestedRecomputesOptions extends Pick<RecomputeWorkspaceOptions, 'batchSize' | 'signal' | 'betweenBatches'> {
  /** The time rules are evaluated at (default: now). */
  now?: () => Date;
  /** The claim's lease (default REQUEST_LEASE_MS). */
  leaseMs?: number;
}

/**
 * Serves whole-workspace recompute requests (recompute_requests, migration 0016, recorded by
 * queue-changed-subjects.ts): per workspace with requests, claims them (one statement, committed
 * before the run starts, so the run's batches see everything the requesting transactions wrote),
 * runs the whole-workspace recompute of all segments and stages, and deletes exactly the requests
 * it claimed. A request recorded during the run is not among them and waits for the next run. The
 * claim is a lease renewed after each batch: several workers do not run the same requests, and a
 * run that fails or is stopped gives its requests back at once. Returns the workspaces recomputed.
 */
export async function runRequestedRecomputes(db: Database, options: RunRequestedRecomputesOptions = {}): Promise<number> {
  const leaseMs = options.leaseMs ?? REQUEST_LEASE_MS;
  const workspaces = await db.query<{ workspace_id: number }>(
    `SELECT DISTINCT workspace_id FROM recompute_requests
      WHERE claimed_at IS NULL OR claimed_at < clock_timestamp() - $1 * interval '1 millisecond' ORDER BY workspace_id`,
    [leaseMs],
  );
  let ran = 0;
  for (const { workspace_id: workspaceId } of workspaces) {
    options.signal?.throwIfAborted();
    const claimed = (
      await db.query<{ id: number }>(
        `UPDATE recompute_requests SET claimed_at = clock_timestamp()
          WHERE workspace_id = $1 AND (claimed_at IS NULL OR claimed_at < clock_timestamp() - $2 * interval '1 millisecond')
        RETURNING id`,
        [workspaceId, leaseMs],
      )
    ).map((r) => Number(r.id));
    if (claimed.length === 0) continue; // another worker took them
    const renew = () => db.execute('UPDATE recompute_requests SET claimed_at = clock_timestamp() WHERE workspace_id = $1 AND id = ANY($2::bigint[])', [workspaceId, claimed]);
    try {
      await recomputeWorkspace(db, workspaceId, {
        now: options.now?.(),
        segments: 'all',
        stages: 'all',
        batchSize: options.batchSize,
        signal: options.signal,
        betweenBatches: async () => {
          await renew();
          await options.betweenBatches?.();
        },
      });
    } catch (e) {
      await db.execute('UPDATE recompute_requests SET claimed_at = NULL WHERE workspace_id = $1 AND id = ANY($2::bigint[])', [workspaceId, claimed]);
      throw e;
    }
    await db.execute('DELETE FROM recompute_requests WHERE workspace_id = $1 AND id = ANY($2::bigint[])', [workspaceId, claimed]);
    ran += 1;
  }
  return ran;
}
