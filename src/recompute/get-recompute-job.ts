import { AppError } from '../errors/app-error.js';
import type { RecomputeJob, RecomputeJobRegistry } from './recompute-job-registry.js';

/** A recompute job of this server process with its progress; not_found for another id (or one long finished). */
export function getRecomputeJob(registry: RecomputeJobRegistry, workspaceId: number, id: number): RecomputeJob {
  const job = registry.get(workspaceId, id);
  if (!job) throw new AppError('not_found', `There is no recompute job ${id} in this server (jobs live in memory; the newest 50 finished ones are kept)`);
  return job;
}
