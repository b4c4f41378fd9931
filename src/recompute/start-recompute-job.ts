import type { Database } from '../db/database.js';
import type { RecomputeJob, RecomputeJobRegistry } from './recompute-job-registry.js';
import { PARALLEL_BATCHES, recomputeWorkspace } from './recompute-workspace.js';

/**
 * Starts a full recompute of the workspace (every dynamic segment and both lifecycles) as a job
 * in the background and returns it at once; poll it with getRecomputeJob. While one runs for
 * the workspace, starting another returns the running one.
 */
export function startRecomputeJob(db: Database, registry: RecomputeJobRegistry, workspaceId: number): RecomputeJob {
  return registry.running(workspaceId) ?? registry.start(workspaceId, (onProgress, signal) => recomputeWorkspace(db, workspaceId, { onProgress, signal, parallel: PARALLEL_BATCHES }));
}
