import { useCallback, useEffect, useRef, useState } from 'react';
import { createImport, fetchImport, uploadImportFile, type ImportJob, type NewImport } from '../api/imports';
import { useApi } from '../auth/auth-context';

export const POLL_MS = 500;

export type UploadState =
  | { phase: 'idle' }
  | { phase: 'creating'; file: File }
  | { phase: 'uploading'; file: File; job: ImportJob }
  | { phase: 'done'; file: File; job: ImportJob }
  | { phase: 'failed'; file: File; job: ImportJob | null; error: unknown };

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs one import: POST the job, PUT the file (the server streams it and answers when done),
 * and meanwhile GET the job every 500 ms for its progress.
 */
export function useImportUpload(onFinished: () => void) {
  const api = useApi();
  const [state, setState] = useState<UploadState>({ phase: 'idle' });
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const start = useCallback(
    async (file: File, input: NewImport) => {
      setState({ phase: 'creating', file });
      let job: ImportJob;
      try {
        job = await createImport(api, input);
      } catch (error) {
        setState({ phase: 'failed', file, job: null, error });
        return;
      }
      setState({ phase: 'uploading', file, job });
      let uploading = true;
      const poll = async () => {
        while (uploading && mounted.current) {
          await wait(POLL_MS);
          if (!uploading || !mounted.current) break;
          try {
            const latest = await fetchImport(api, job.id);
            if (uploading) setState((before) => (before.phase === 'uploading' && before.job.id === latest.id ? { ...before, job: latest } : before));
          } catch {
            // a missed poll is retried on the next tick; the upload's own answer is what counts
          }
        }
      };
      void poll();
      try {
        const finished = await uploadImportFile(api, job.id, file);
        uploading = false;
        setState({ phase: 'done', file, job: finished });
      } catch (error) {
        uploading = false;
        // The job may still hold the line errors that explain the refusal.
        const latest = await fetchImport(api, job.id).catch(() => job);
        setState({ phase: 'failed', file, job: latest, error });
      }
      onFinished();
    },
    [api, onFinished],
  );

  return { state, start, busy: state.phase === 'creating' || state.phase === 'uploading' };
}
