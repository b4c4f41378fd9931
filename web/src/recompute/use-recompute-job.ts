import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchRecompute, startRecompute, type RecomputeJob } from '../api/recompute';
import { useApi } from '../auth/auth-context';

export const RECOMPUTE_POLL_MS = 500;

export interface RecomputeState {
  job: RecomputeJob | null;
  /** Starting or polling failed. */
  error: unknown;
  starting: boolean;
  running: boolean;
  start: () => void;
}

/**
 * A full recompute: POST starts it (or returns the one running), then GET every 500 ms until it
 * has finished; `onFinished` runs once when it has, so the page can reload what it shows.
 */
export function useRecomputeJob(onFinished: (job: RecomputeJob) => void): RecomputeState {
  const api = useApi();
  const [job, setJob] = useState<RecomputeJob | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [starting, setStarting] = useState(false);
  const finished = useRef(onFinished);
  finished.current = onFinished;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
      clearTimeout(timer.current);
    };
  }, []);

  const follow = useCallback(
    (latest: RecomputeJob) => {
      if (!alive.current) return;
      setJob(latest);
      if (latest.status !== 'running') {
        finished.current(latest);
        return;
      }
      timer.current = setTimeout(() => {
        fetchRecompute(api, latest.id).then(follow, (failure: unknown) => {
          if (alive.current) setError(failure);
        });
      }, RECOMPUTE_POLL_MS);
    },
    [api],
  );

  const start = useCallback(() => {
    clearTimeout(timer.current);
    setError(null);
    setStarting(true);
    startRecompute(api).then(
      (started) => {
        if (!alive.current) return;
        setStarting(false);
        follow(started);
      },
      (failure: unknown) => {
        if (!alive.current) return;
        setStarting(false);
        setError(failure);
      },
    );
  }, [api, follow]);

  return { job, error, starting, running: starting || job?.status === 'running', start };
}
