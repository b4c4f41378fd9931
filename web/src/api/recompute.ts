import type { ApiClient } from './api-client';

export type RecomputeStatus = 'running' | 'succeeded' | 'failed';

/** A full recompute of segments and lifecycle stages, run by the server as a job. */
export interface RecomputeJob {
  id: number;
  status: RecomputeStatus;
  /** Subjects done and the total over all steps (segments, stages, segments). */
  done: number;
  total: number;
  started_at: string;
  finished_at: string | null;
  result: {
    subjects: { account: number; contact: number };
    segments: { evaluated: number; entered: number; exited: number };
    stages: { placed: number; moved: number; reset: number; removed: number };
    batches: number;
    ms: number;
  } | null;
  error: string | null;
}

/** Starts a recompute (or returns the one already running in the workspace). */
export function startRecompute(api: ApiClient): Promise<RecomputeJob> {
  return api.request<RecomputeJob>('POST', '/api/v1/recompute');
}

export function fetchRecompute(api: ApiClient, id: number, signal?: AbortSignal): Promise<RecomputeJob> {
  return api.get<RecomputeJob>(`/api/v1/recompute/${id}`, undefined, signal);
}
