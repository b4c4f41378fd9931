import { describe, expect, it } from 'vitest';
import type { BoardStage } from '../api/lifecycle';
import { defaultPeriod, localDay, periodQuery } from './board-period';
import { layoutFlows } from './flow-layout';
import { stageBlocks } from './stage-blocks';

function stage(key: string, group: string | null, count: number): BoardStage {
  return { key, name: { fi: key, en: key }, kind: group ? 'prospect' : 'customer', group, count, median_days_in_stage: null, entered: 0, exited: 0, median_days_before_exit: null };
}

describe('lifecycle board', () => {
  it('groups the AIDA prospect steps into one block with their total, other stages alone', () => {
    const blocks = stageBlocks([
      stage('awareness', 'prospect', 5),
      stage('interest', 'prospect', 3),
      stage('decision', 'prospect', 2),
      stage('action', 'prospect', 1),
      stage('new', null, 4),
      stage('customer', null, 7),
    ]);
    expect(blocks.map((block) => [block.group, block.stages.map((s) => s.key), block.count])).toEqual([
      ['prospect', ['awareness', 'interest', 'decision', 'action'], 11],
      [null, ['new'], 4],
      [null, ['customer'], 7],
    ]);
    // A group split by another stage makes two blocks (order is the lifecycle's).
    expect(stageBlocks([stage('a', 'g', 1), stage('b', null, 1), stage('c', 'g', 1)]).map((b) => b.stages.length)).toEqual([1, 1, 1]);
  });

  it('turns picked days into the half-open period of the API, both days included', () => {
    const query = periodQuery({ from: '2026-03-01', to: '2026-03-31' })!;
    expect(new Date(query.from).getTime()).toBe(new Date(2026, 2, 1).getTime());
    expect(new Date(query.to).getTime()).toBe(new Date(2026, 3, 1).getTime());
    expect(periodQuery({ from: '2026-03-02', to: '2026-03-01' })).toBeNull();
    expect(periodQuery({ from: '2026-02-31', to: '2026-03-01' })).toBeNull();
    expect(periodQuery({ from: '', to: '2026-03-01' })).toBeNull();
    const period = defaultPeriod(new Date(2026, 0, 15, 13, 0));
    expect(period).toEqual({ from: '2025-12-17', to: '2026-01-15' });
    expect(localDay(new Date(2026, 11, 1, 23, 59))).toBe('2026-12-01');
  });

  it('lays out flows as arcs between stage positions, thicker for more, forward above and backward below', () => {
    const layout = layoutFlows(
      ['awareness', 'new', 'former'],
      [
        { from: null, to: 'awareness', count: 100 },
        { from: 'awareness', to: 'new', count: 25 },
        { from: 'former', to: 'new', count: 1 },
        { from: 'new', to: 'new', count: 3 },
      ],
      600,
    );
    expect(layout.nodes.map((node) => [node.key, node.x])).toEqual([
      [null, 48],
      ['awareness', 216],
      ['new', 384],
      ['former', 552],
    ]);
    const byPair = new Map(layout.arcs.map((arc) => [`${arc.from}>${arc.to}`, arc]));
    expect(byPair.size).toBe(3);
    expect(byPair.get('null>awareness')!.width).toBeGreaterThan(byPair.get('awareness>new')!.width);
    expect(byPair.get('awareness>new')!.width).toBeGreaterThan(byPair.get('former>new')!.width);
    expect(byPair.get('former>new')!.direction).toBe('backward');
    // The control point of a forward arc is above the baseline, of a backward one below.
    const controlY = (d: string) => Number(d.split(' ')[5]);
    expect(controlY(byPair.get('awareness>new')!.d)).toBeLessThan(layout.baseline);
    expect(controlY(byPair.get('former>new')!.d)).toBeGreaterThan(layout.baseline);
    expect(layout.height).toBeGreaterThan(layout.baseline);
    // A stage only the flows know (deleted from the definition) still gets a place.
    expect(layoutFlows(['new'], [{ from: 'old', to: 'new', count: 2 }], 300).nodes.map((node) => node.key)).toEqual([null, 'new', 'old']);
  });
});
