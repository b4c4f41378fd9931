import { describe, expect, it } from 'vitest';
import { ANY, cellsOf, copyPlacement, movePlacement, occupies, samePlacement } from './matrix-placement';

describe('care matrix placement', () => {
  it('puts an element in every cell of its stages x segments, "any" for an empty list', () => {
    expect(cellsOf({ stages: ['new', 'loyal'], segments: [] })).toEqual([
      { stage: 'new', segment: ANY },
      { stage: 'loyal', segment: ANY },
    ]);
    expect(occupies({ stages: [], segments: ['vip'] }, { stage: ANY, segment: 'vip' })).toBe(true);
    expect(occupies({ stages: [], segments: ['vip'] }, { stage: 'new', segment: 'vip' })).toBe(false);
  });

  it('moves the dragged cell and keeps the other stages and segments', () => {
    const placement = { stages: ['new', 'loyal'], segments: ['vip'] };
    expect(movePlacement(placement, { stage: 'new', segment: 'vip' }, { stage: 'active', segment: 'smb' })).toEqual({ stages: ['active', 'loyal'], segments: ['smb'] });
    // Onto a stage it already has: the two merge.
    expect(movePlacement(placement, { stage: 'new', segment: 'vip' }, { stage: 'loyal', segment: 'vip' })).toEqual({ stages: ['loyal'], segments: ['vip'] });
  });

  it('moves between "any" and a named stage or segment', () => {
    expect(movePlacement({ stages: [], segments: [] }, { stage: ANY, segment: ANY }, { stage: 'new', segment: ANY })).toEqual({ stages: ['new'], segments: [] });
    expect(movePlacement({ stages: ['new'], segments: ['vip'] }, { stage: 'new', segment: 'vip' }, { stage: 'new', segment: ANY })).toEqual({ stages: ['new'], segments: [] });
  });

  it('copies into another cell by adding its stage and segment', () => {
    expect(copyPlacement({ stages: ['new'], segments: [] }, { stage: 'loyal', segment: 'vip' })).toEqual({ stages: ['new', 'loyal'], segments: [] });
    expect(copyPlacement({ stages: ['new'], segments: ['smb'] }, { stage: 'new', segment: 'vip' })).toEqual({ stages: ['new'], segments: ['smb', 'vip'] });
    expect(samePlacement({ stages: ['a', 'b'], segments: [] }, { stages: ['b', 'a'], segments: [] })).toBe(true);
  });
});
