import type { RecomputeWorkspaceResult } from './recompute-workspace.js';

export const RECOMPUTE_JOB_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type RecomputeJobStatus = (typeof RECOMPUTE_JOB_STATUSES)[number];

/** A full recompute of a workspace started over the API, with live progress. */
export interface RecomputeJob {
  id: number;
  status: RecomputeJobStatus;
  /** Subjects done and the total over all steps (segments before stages, stages, segments after). */
  done: number;
  total: number;
  started_at: Date;
  finished_at: Date | null;
  result: RecomputeWorkspaceResult | null;
  error: string | null;
}

interface Entry {
  workspaceId: number;
  job: RecomputeJob;
  controller: AbortController;
  promise: Promise<void> | null;
}

const KEEP_FINISHED = 50;

/**
 * The full recompute jobs of this server process, in memory (like import jobs' live state): a
 * job is short-lived work, not a record. The newest finished jobs stay readable; close() stops
 * running ones between batches and waits for them (the server does this on close).
 */
export class RecomputeJobRegistry {
  private readonly entries = new Map<number, Entry>();
  private nextId = 1;

  /** The job running for the workspace, if one is. */
  running(workspaceId: number): RecomputeJob | undefined {
    for (const e of this.entries.values()) if (e.workspaceId === workspaceId && e.job.status === 'running') return { ...e.job };
    return undefined;
  }

  /**
   * Registers a job and runs `work` for it in the background; `work` reports progress and must
   * stop when the signal aborts. Returns the job as it starts.
   */
  start(workspaceId: number, work: (onProgress: (done: number, total: number) => void, signal: AbortSignal) => Promise<RecomputeWorkspaceResult>): RecomputeJob {
    const job: RecomputeJob = { id: this.nextId++, status: 'running', done: 0, total: 0, started_at: new Date(), finished_at: null, result: null, error: null };
    const entry: Entry = { workspaceId, job, controller: new AbortController(), promise: null };
    this.entries.set(job.id, entry);
    const onProgress = (done: number, total: number) => {
      job.done = done;
      job.total = total;
    };
    entry.promise = work(onProgress, entry.controller.signal).then(
      (result) => {
        job.status = 'succeeded';
        job.result = result;
        job.done = job.total;
      },
      (e: unknown) => {
        job.status = 'failed';
        job.error = entry.controller.signal.aborted ? 'stopped: the server was closing' : e instanceof Error ? e.message : String(e);
      },
    ).finally(() => {
      job.finished_at = new Date();
      this.prune();
    });
    return { ...job };
  }

  get(workspaceId: number, id: number): RecomputeJob | undefined {
    const entry = this.entries.get(id);
    return entry && entry.workspaceId === workspaceId ? { ...entry.job } : undefined;
  }

  /** Stops every running job between batches and waits for them. */
  async close(): Promise<void> {
    const running = [...this.entries.values()].filter((e) => e.job.status === 'running');
    for (const e of running) e.controller.abort();
    await Promise.all(running.map((e) => e.promise));
  }

  private prune(): void {
    const finished = [...this.entries.values()].filter((e) => e.job.status !== 'running').sort((a, b) => b.job.id - a.job.id);
    for (const e of finished.slice(KEEP_FINISHED)) this.entries.delete(e.job.id);
  }
}
