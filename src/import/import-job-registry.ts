import type { Principal } from '../workspaces/authenticate-api-key.js';
import type { ImportJob } from './import-job.js';

interface Running {
  job: ImportJob;
  /** Hash of the API key that uploaded the file, and who it is. */
  starter: { tokenHash: string; principal: Principal } | null;
}

/**
 * The import jobs running in this process, with their live progress. While a job runs, its
 * database row is inside the import's transaction (on PGlite the one connection is taken by it),
 * so GET /imports/{id} reads the progress from here and falls back to the row for jobs that are
 * not running here. One registry per server instance.
 */
export class ImportJobRegistry {
  private readonly running = new Map<string, Running>();

  private key(workspaceId: number, id: number): string {
    return `${workspaceId}:${id}`;
  }

  /** Registers a job as running and returns its live state, for the runner to update in place. */
  start(workspaceId: number, job: ImportJob, starter: Running['starter'] = null): ImportJob {
    const live = { ...job, errors: [...job.errors] };
    this.running.set(this.key(workspaceId, job.id), { job: live, starter });
    return live;
  }

  get(workspaceId: number, id: number): ImportJob | undefined {
    const entry = this.running.get(this.key(workspaceId, id));
    return entry ? { ...entry.job, errors: [...entry.job.errors] } : undefined;
  }

  /**
   * The principal of the key that uploaded the file of running job `id`, if `tokenHash` is that
   * key: it may poll the job without a database lookup (on PGlite the database is busy with the
   * import, and nothing, a key revocation included, can be written to it until the import ends).
   */
  starterOf(id: number, tokenHash: string): Principal | undefined {
    for (const { job, starter } of this.running.values()) {
      if (job.id === id && starter?.tokenHash === tokenHash) return starter.principal;
    }
    return undefined;
  }

  finish(workspaceId: number, id: number): void {
    this.running.delete(this.key(workspaceId, id));
  }
}
