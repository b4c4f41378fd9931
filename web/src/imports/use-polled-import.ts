import { useEffect, useState } from 'react';
import { isAbort } from '../api/api-error';
import { fetchImport, isFinished, type ImportJob } from '../api/imports';
import { useApi } from '../auth/auth-context';
import { POLL_MS } from './use-import-upload';

/** One import job, polled every 500 ms until it has finished. */
export function usePolledImport(id: string) {
  const api = useApi();
  const [job, setJob] = useState<ImportJob | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    setJob(null);
    setError(null);
    const load = () => {
      fetchImport(api, id, controller.signal).then(
        (latest) => {
          setJob(latest);
          setError(null);
          if (!isFinished(latest)) timer = setTimeout(load, POLL_MS);
        },
        (failure: unknown) => {
          if (!isAbort(failure)) setError(failure);
        },
      );
    };
    load();
    return () => {
      controller.abort();
      clearTimeout(timer);
    };
  }, [api, id]);

  return { job, error };
}
