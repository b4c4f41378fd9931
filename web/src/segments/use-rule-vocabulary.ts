import { useMemo } from 'react';
import { fetchLifecycle, type LifecycleStage } from '../api/lifecycle';
import type { SubjectType } from '../api/rule';
import { listSegments, type Segment } from '../api/segments';
import { useApi } from '../auth/auth-context';
import { useResource } from '../common/use-resource';
import { collectEventNames } from '../rules/collect-event-names';

export interface RuleVocabulary {
  segments: readonly Segment[];
  stages: Readonly<Record<SubjectType, readonly LifecycleStage[]>>;
  eventNames: readonly string[];
  error: unknown;
  reload: () => void;
}

const NO_SEGMENTS: Segment[] = [];

/** What a rule can name in this workspace: its segments, the stages of both lifecycles, the event names those use. */
export function useRuleVocabulary(): RuleVocabulary {
  const api = useApi();
  const segments = useResource('segments:all', (signal) => listSegments(api, {}, signal));
  const lifecycles = useResource('lifecycles', (signal) => Promise.all([fetchLifecycle(api, 'account', signal), fetchLifecycle(api, 'contact', signal)]));
  const stages = useMemo(
    () => ({ account: lifecycles.data?.[0].definition.stages ?? [], contact: lifecycles.data?.[1].definition.stages ?? [] }),
    [lifecycles.data],
  );
  const eventNames = useMemo(
    () => collectEventNames((lifecycles.data ?? []).flatMap((lifecycle) => lifecycle.definition.transitions.map((transition) => transition.rule))),
    [lifecycles.data],
  );
  return {
    segments: segments.data?.data ?? NO_SEGMENTS,
    stages,
    eventNames,
    error: segments.error ?? lifecycles.error,
    reload: () => {
      segments.reload();
      lifecycles.reload();
    },
  };
}
