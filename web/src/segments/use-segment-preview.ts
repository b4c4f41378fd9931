import { useEffect, useRef, useState } from 'react';
import { ApiError, isAbort } from '../api/api-error';
import type { SubjectType } from '../api/rule';
import { previewSegment, type SegmentPreview } from '../api/segments';
import { useApi } from '../auth/auth-context';
import { useDebouncedValue } from '../common/use-debounced-value';
import type { BuiltRule } from '../rules/rule-draft';

export const PREVIEW_DEBOUNCE_MS = 400;

export interface PreviewState {
  /** The latest count (kept while the next one comes). */
  preview: SegmentPreview | null;
  /** A refused rule (ApiError with issues) or a failed call; null after a count. */
  error: unknown;
  /** The rule as sent when the server refused it: its node paths place the issues. */
  refused: BuiltRule | null;
  /** A count is on its way (or the rule is still being typed). */
  loading: boolean;
}

interface Answer {
  preview: SegmentPreview | null;
  error: unknown;
  refused: BuiltRule | null;
  request: string | null;
}

/**
 * The live count of a rule: once the rule has stayed the same for a moment it is sent to
 * POST /segments/preview (a newer rule aborts the older request). `built` null: nothing to count.
 */
export function useSegmentPreview(subject: SubjectType, built: BuiltRule | null, key: string | null): PreviewState {
  const api = useApi();
  const request = built ? JSON.stringify({ subject, key, rule: built.rule }) : null;
  const settled = useDebouncedValue(request, PREVIEW_DEBOUNCE_MS);
  const [answer, setAnswer] = useState<Answer>({ preview: null, error: null, refused: null, request: null });
  // Each request's built rule, to place the issues of a refusal on the nodes as they were sent.
  const sent = useRef(new Map<string, BuiltRule>());
  useEffect(() => {
    if (request === null || !built) return;
    sent.current.set(request, built);
    if (sent.current.size > 20) sent.current.delete(sent.current.keys().next().value as string);
  }, [request, built]);

  useEffect(() => {
    if (settled === null) {
      setAnswer({ preview: null, error: null, refused: null, request: null });
      return;
    }
    const body = JSON.parse(settled) as { subject: SubjectType; key: string | null; rule: BuiltRule['rule'] };
    const controller = new AbortController();
    previewSegment(api, { subject_type: body.subject, rule: body.rule, key: body.key }, controller.signal).then(
      (preview) => {
        if (!controller.signal.aborted) setAnswer({ preview, error: null, refused: null, request: settled });
      },
      (error: unknown) => {
        if (controller.signal.aborted || isAbort(error)) return;
        const refused = error instanceof ApiError && (error.problem.errors?.length ?? 0) > 0 ? (sent.current.get(settled) ?? null) : null;
        setAnswer((before) => ({ preview: before.preview, error, refused, request: settled }));
      },
    );
    return () => controller.abort();
  }, [settled, api]);

  return { preview: answer.preview, error: answer.error, refused: answer.refused, loading: request !== null && answer.request !== request };
}
