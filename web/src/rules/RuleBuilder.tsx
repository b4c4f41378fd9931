import { useMemo } from 'react';
import type { LifecycleStage } from '../api/lifecycle';
import type { SubjectType } from '../api/rule';
import type { Segment } from '../api/segments';
import type { BuilderEnv } from './builder-env';
import { appendChild, patchNode, removeNode } from './edit-draft';
import { GroupEditor } from './GroupEditor';
import type { DraftGroup, DraftNode } from './rule-draft';
import type { NodeIssue } from './rule-issues';
import { useDataVocabulary } from './use-data-vocabulary';

interface Props {
  subject: SubjectType;
  root: DraftGroup;
  onChange: (update: (root: DraftGroup) => DraftGroup) => void;
  issues: ReadonlyMap<string, NodeIssue[]>;
  segments: readonly Segment[];
  stages: Readonly<Record<SubjectType, readonly LifecycleStage[]>>;
  eventNames: readonly string[];
  selfKey: string | null;
}

/** The rule as nested groups of conditions; every edit goes through `onChange` as a pure update of the draft. Suggests what the workspace's data holds. */
export function RuleBuilder({ subject, root, onChange, issues, segments, stages, eventNames, selfKey }: Props) {
  const data = useDataVocabulary();
  const allEventNames = useMemo(() => [...new Set([...eventNames, ...data.eventNames])].sort((a, b) => a.localeCompare(b)), [eventNames, data.eventNames]);
  const env = useMemo<BuilderEnv>(
    () => ({
      update: (id, patch) => onChange((current) => patchNode(current, id, patch as Partial<DraftNode>)),
      remove: (id) => onChange((current) => removeNode(current, id)),
      append: (groupId, node) => onChange((current) => appendChild(current, groupId, node)),
      issues,
      segments,
      stages,
      eventNames: allEventNames,
      traitKeys: data.traitKeys,
      metrics: data.metrics,
      selfKey,
    }),
    [onChange, issues, segments, stages, allEventNames, data, selfKey],
  );
  return (
    <div className="rule-builder">
      <GroupEditor node={root} subject={subject} env={env} role="root" />
    </div>
  );
}
