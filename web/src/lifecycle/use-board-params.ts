import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { SUBJECT_TYPES, type SubjectType } from '../api/rule';
import { defaultPeriod, type Period } from './board-period';

/** The board's subject and period live in the URL (shareable, kept on reload); the default is the last 30 days. */
export function useBoardParams() {
  const [params, setParams] = useSearchParams();
  const fallback = useMemo(() => defaultPeriod(), []);
  const raw = params.get('subject');
  const subject: SubjectType = SUBJECT_TYPES.find((value) => value === raw) ?? 'account';
  const period: Period = { from: params.get('from') ?? fallback.from, to: params.get('to') ?? fallback.to };
  const change = useCallback(
    (patch: Partial<Period & { subject: SubjectType }>) => {
      setParams(
        (before) => {
          const next = new URLSearchParams(before);
          for (const [name, value] of Object.entries(patch)) next.set(name, value);
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );
  return { subject, period, change };
}
