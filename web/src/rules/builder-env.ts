import type { LifecycleStage } from '../api/lifecycle';
import type { SubjectType } from '../api/rule';
import type { VocabularyKey } from '../api/rule-vocabulary';
import type { Segment } from '../api/segments';
import type { DraftNode } from './rule-draft';
import type { NodeIssue } from './rule-issues';

/** What every editor of the rule builder needs: edits by node id, the server's issues, and the workspace's vocabulary. */
export interface BuilderEnv {
  update<T extends DraftNode>(id: string, patch: Partial<T>): void;
  remove(id: string): void;
  append(groupId: string, node: DraftNode): void;
  issues: ReadonlyMap<string, NodeIssue[]>;
  /** The workspace's segments (a rule may use those of its own subject type). */
  segments: readonly Segment[];
  /** The stages of each subject type's current lifecycle. */
  stages: Readonly<Record<SubjectType, readonly LifecycleStage[]>>;
  /** Event names to suggest (those the lifecycle rules use and those in the data). */
  eventNames: readonly string[];
  /** Free trait keys found in the data, per subject type, with the type their values look like. */
  traitKeys: Readonly<Record<SubjectType, readonly VocabularyKey[]>>;
  /** Metrics stored for each subject type (beyond the computed ones). */
  metrics: Readonly<Record<SubjectType, readonly string[]>>;
  /** The key of the segment being edited: it cannot be used in its own rule. */
  selfKey: string | null;
}
