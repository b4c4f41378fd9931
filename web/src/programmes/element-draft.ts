import type { ProblemIssue } from '../api/api-error';
import type { CareElementDefinition, CareOutcome, CarePhase, CareStep, CareStepKind, CareTrigger, Reentry } from '../api/care-element';
import type { LocalizedText } from '../api/lifecycle';
import type { SubjectType } from '../api/rule';
import { draftToRule, emptyGroup, hasConditions, type DraftGroup } from '../rules/rule-draft';
import { placeIssues, normalIssuePath, type NodeIssue } from '../rules/rule-issues';
import { ruleToDraft } from '../rules/rule-to-draft';

/** A step being edited; a branch step's condition is a rule-builder draft until it is saved. */
export interface StepDraft {
  step: CareStep;
  condition: DraftGroup | null;
}

/** The element editor's state: the definition, with the rules as rule-builder drafts. */
export interface ElementDraft {
  name: LocalizedText;
  description: LocalizedText;
  phase: CarePhase;
  stages: string[];
  segments: string[];
  personas: string[];
  trigger: CareTrigger;
  conditions: DraftGroup;
  steps: StepDraft[];
  holdoutPercent: number;
  outcome: CareOutcome | null;
  reentry: Reentry;
}

const blank = (): LocalizedText => ({ fi: '', en: '' });

export function emptyElementDraft(): ElementDraft {
  return {
    name: blank(),
    description: blank(),
    phase: 'keep',
    stages: [],
    segments: [],
    personas: [],
    trigger: { kind: 'stage_entered', stage: '' },
    conditions: emptyGroup(),
    steps: [],
    holdoutPercent: 0,
    outcome: null,
    reentry: { kind: 'once' },
  };
}

export function definitionToDraft(definition: CareElementDefinition, subject: SubjectType): ElementDraft {
  return {
    name: { ...definition.name },
    description: definition.description ? { ...definition.description } : blank(),
    phase: definition.phase,
    stages: [...definition.placement.stages],
    segments: [...definition.placement.segments],
    personas: [...(definition.placement.personas ?? [])],
    trigger: definition.trigger,
    conditions: definition.conditions ? ruleToDraft(definition.conditions, subject) : emptyGroup(),
    steps: definition.steps.map((step) => ({ step, condition: step.kind === 'branch' ? ruleToDraft(step.condition, subject) : null })),
    holdoutPercent: definition.holdout_percent,
    outcome: definition.outcome ?? null,
    reentry: definition.reentry ?? { kind: 'once' },
  };
}

/** Where each rule-builder node sits in the request: to put the server's issues on the right condition. */
export interface BuiltDefinition {
  definition: CareElementDefinition;
  conditionPaths: Map<string, string>;
  stepConditionPaths: Map<number, Map<string, string>>;
}

export function draftToDefinition(draft: ElementDraft, subject: SubjectType): BuiltDefinition {
  const stepConditionPaths = new Map<number, Map<string, string>>();
  const steps = draft.steps.map((entry, index): CareStep => {
    if (entry.step.kind !== 'branch' || !entry.condition) return entry.step;
    const built = draftToRule(entry.condition, subject);
    stepConditionPaths.set(index, built.paths);
    return { ...entry.step, condition: built.rule };
  });
  const conditions = hasConditions(draft.conditions) ? draftToRule(draft.conditions, subject) : null;
  const description = draft.description.fi.trim() || draft.description.en.trim() ? draft.description : undefined;
  const definition: CareElementDefinition = {
    name: draft.name,
    ...(description ? { description } : {}),
    phase: draft.phase,
    placement: { stages: draft.stages, segments: draft.segments, ...(draft.personas.length > 0 ? { personas: draft.personas } : {}) },
    trigger: draft.trigger,
    ...(conditions ? { conditions: conditions.rule } : {}),
    steps,
    holdout_percent: draft.holdoutPercent,
    ...(draft.outcome ? { outcome: draft.outcome } : {}),
    reentry: draft.reentry,
  };
  return { definition, conditionPaths: conditions?.paths ?? new Map(), stepConditionPaths };
}

/** The server's issues about a refused definition: on rule-builder nodes, or by JSON pointer below the definition. */
export interface ElementIssues {
  byNode: Map<string, NodeIssue[]>;
  /** Path below the definition ("/steps/0/template/body/fi") -> messages; "" for the whole request. */
  byPath: Map<string, string[]>;
}

export const NO_ELEMENT_ISSUES: ElementIssues = { byNode: new Map(), byPath: new Map() };

/**
 * Sorts issues by where they are. `base` is where the definition sits in the request body
 * ("/definition"); issues outside it (e.g. "/key") keep their full path.
 */
export function placeElementIssues(issues: readonly ProblemIssue[], built: BuiltDefinition, base: string): ElementIssues {
  const conditions = placeIssues(issues, built.conditionPaths, `${base}/conditions`);
  const byNode = new Map(conditions.byNode);
  let rest = conditions.other;
  for (const [index, paths] of built.stepConditionPaths) {
    const placed = placeIssues(rest, paths, `${base}/steps/${index}/condition`);
    for (const [id, list] of placed.byNode) byNode.set(id, list);
    rest = placed.other;
  }
  const byPath = new Map<string, string[]>();
  for (const issue of rest) {
    const path = normalIssuePath(issue.path);
    const inside = path === base || path.startsWith(`${base}/`) ? path.slice(base.length) : path;
    byPath.set(inside, [...(byPath.get(inside) ?? []), issue.message]);
  }
  return { byNode, byPath };
}

/** The messages about one field or anything below it ("/steps/1" covers "/steps/1/template/body/en"). */
export function issuesUnder(issues: ElementIssues, path: string): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  for (const [at, messages] of issues.byPath) {
    if (at === path || at.startsWith(`${path}/`)) for (const message of messages) out.push({ path: at, message });
  }
  return out;
}

let lastStep = 0;
/** A step id not used by the element yet ("s1", "s2", ...). */
export function newStepId(taken: readonly string[]): string {
  let id: string;
  do {
    lastStep += 1;
    id = `s${lastStep}`;
  } while (taken.includes(id));
  return id;
}

/** A fresh step of a kind, with empty texts to fill in. */
export function newStep(kind: CareStepKind, id: string): StepDraft {
  const template = { subject: blank(), body: blank() };
  switch (kind) {
    case 'email':
      return { step: { id, kind, purpose: 'service', template }, condition: null };
    case 'survey':
      return { step: { id, kind, survey: 'nps', template }, condition: null };
    case 'task':
      return { step: { id, kind, title: blank(), due_in_days: 2, assignee: 'account_owner' }, condition: null };
    case 'webhook':
      return { step: { id, kind, endpoint: '', event_type: '' }, condition: null };
    case 'wait':
      return { step: { id, kind, delay: { days: 1 } }, condition: null };
    case 'branch':
      return { step: { id, kind, condition: { all: [] }, then: null, else: null }, condition: emptyGroup() };
    case 'list_add':
    case 'list_remove':
      return { step: { id, kind, segment: '' }, condition: null };
  }
}

/** Moves a step up (-1) or down (+1). */
export function moveStep(steps: readonly StepDraft[], index: number, by: -1 | 1): StepDraft[] {
  const target = index + by;
  if (target < 0 || target >= steps.length) return [...steps];
  const next = [...steps];
  const [moved] = next.splice(index, 1);
  next.splice(target, 0, moved!);
  return next;
}
