import { describe, expect, it } from 'vitest';
import type { CareElementDefinition } from '../api/care-element';
import { definitionToDraft, draftToDefinition, issuesUnder, moveStep, newStep, newStepId, placeElementIssues } from './element-draft';

const definition: CareElementDefinition = {
  name: { fi: 'Kriittinen hetki', en: 'Critical moment' },
  phase: 'keep',
  placement: { stages: ['customer'], segments: [] },
  trigger: { kind: 'event', event: 'NPS Answered', where: [{ property: 'score', op: 'in', value: [0, 1, 2, 3, 4, 5, 6] }] },
  conditions: { all: [{ trait: 'country', op: 'eq', value: 'FI' }] },
  steps: [
    { id: 'check', kind: 'branch', condition: { all: [{ trait: 'employees', op: 'gte', value: 10 }] }, then: 'call', else: null },
    { id: 'call', kind: 'task', title: { fi: 'Soita', en: 'Call' }, due_in_days: 2, assignee: 'account_owner' },
  ],
  holdout_percent: 10,
  outcome: { kind: 'retained', days: 180 },
  reentry: { kind: 'after_days', days: 90 },
};

describe('element draft', () => {
  it('reads a definition into the editor and builds the same definition back', () => {
    const draft = definitionToDraft(definition, 'account');
    expect(draft.conditions.children).toHaveLength(1);
    expect(draft.steps[0]!.condition?.children).toHaveLength(1);
    const built = draftToDefinition(draft, 'account');
    expect(built.definition).toEqual(definition);
  });

  it('leaves out empty conditions, an empty description and no personas', () => {
    const draft = definitionToDraft({ ...definition, conditions: undefined }, 'account');
    const built = draftToDefinition(draft, 'account').definition;
    expect('conditions' in built).toBe(false);
    expect('description' in built).toBe(false);
    expect(built.placement).toEqual({ stages: ['customer'], segments: [] });
  });

  it('puts the server issues on the condition nodes and the fields they name', () => {
    const draft = definitionToDraft(definition, 'account');
    const built = draftToDefinition(draft, 'account');
    const issues = placeElementIssues(
      [
        { path: '/definition/conditions/all/0/value', message: 'bad country' },
        { path: '/definition/steps/0/condition/all/0/value', message: 'bad number' },
        { path: '/definition/steps/1/title/fi', message: 'must be a non-empty text' },
        { path: '/key', message: 'taken' },
      ],
      built,
      '/definition',
    );
    const conditionNode = draft.conditions.children[0]!.id;
    const branchNode = draft.steps[0]!.condition!.children[0]!.id;
    expect(issues.byNode.get(conditionNode)).toEqual([{ field: 'value', message: 'bad country' }]);
    expect(issues.byNode.get(branchNode)).toEqual([{ field: 'value', message: 'bad number' }]);
    expect(issuesUnder(issues, '/steps/1')).toEqual([{ path: '/steps/1/title/fi', message: 'must be a non-empty text' }]);
    expect(issues.byPath.get('/key')).toEqual(['taken']);
  });

  it('adds steps with fresh ids and moves them', () => {
    const id = newStepId(['s1', 's2']);
    expect(['s1', 's2']).not.toContain(id);
    const steps = [newStep('email', 'a'), newStep('wait', 'b'), newStep('task', 'c')];
    expect(moveStep(steps, 2, -1).map((entry) => entry.step.id)).toEqual(['a', 'c', 'b']);
    expect(moveStep(steps, 0, -1).map((entry) => entry.step.id)).toEqual(['a', 'b', 'c']);
    expect(newStep('branch', 'd').condition?.kind).toBe('group');
  });
});
