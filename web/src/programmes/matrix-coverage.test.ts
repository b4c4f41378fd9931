import { describe, expect, it } from 'vitest';
import type { CareElement, CareElementDefinition } from '../api/care-element';
import { isCovered } from './matrix-coverage';
import { ANY } from './matrix-placement';

function element(id: number, enabled: boolean, placement: CareElementDefinition['placement'], phase: CareElementDefinition['phase'] = 'keep'): CareElement {
  return {
    id,
    key: `e${id}`,
    subject_type: 'account',
    version: 1,
    enabled,
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    definition: { name: { fi: 'x', en: 'x' }, phase, placement, trigger: { kind: 'stage_entered', stage: 'new' }, steps: [], holdout_percent: 0 },
  };
}

describe('care matrix coverage', () => {
  it('counts only enabled elements, and those for all stages or segments reach every cell', () => {
    const elements = [element(1, true, { stages: ['new'], segments: [] }), element(2, false, { stages: ['loyal'], segments: ['vip'] })];
    expect(isCovered(elements, { stage: 'new', segment: 'vip' }, '')).toBe(true);
    expect(isCovered(elements, { stage: 'new', segment: ANY }, '')).toBe(true);
    expect(isCovered(elements, { stage: 'loyal', segment: 'vip' }, '')).toBe(false);
  });

  it('leaves the "every segment" column empty when elements name segments, and filters by phase', () => {
    const elements = [element(1, true, { stages: [], segments: ['vip'] }, 'upsell')];
    expect(isCovered(elements, { stage: 'new', segment: 'vip' }, '')).toBe(true);
    expect(isCovered(elements, { stage: 'new', segment: ANY }, '')).toBe(false);
    expect(isCovered(elements, { stage: 'new', segment: 'vip' }, 'keep')).toBe(false);
  });
});
