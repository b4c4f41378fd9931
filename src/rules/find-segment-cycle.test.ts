import { describe, expect, it } from 'vitest';
import { findSegmentCycle } from './find-segment-cycle.js';

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

describe('findSegmentCycle', () => {
  it('returns null for a graph without cycles (shared children, missing keys)', () => {
    expect(findSegmentCycle(graph({ a: ['b', 'c'], b: ['c'], c: [], d: ['a', 'zzz'] }))).toBeNull();
    expect(findSegmentCycle(new Map())).toBeNull();
  });

  it('returns the cycle as a closed path', () => {
    expect(findSegmentCycle(graph({ a: ['a'] }))).toEqual(['a', 'a']);
    expect(findSegmentCycle(graph({ a: ['b'], b: ['c'], c: ['a'] }))).toEqual(['a', 'b', 'c', 'a']);
    expect(findSegmentCycle(graph({ x: ['y'], y: [], a: ['b'], b: ['c'], c: ['b'] }))).toEqual(['b', 'c', 'b']);
  });

  it('walks long chains without recursion', () => {
    const edges: Record<string, string[]> = {};
    for (let i = 0; i < 100_000; i++) edges[`s${i}`] = [`s${i + 1}`];
    expect(findSegmentCycle(graph(edges))).toBeNull();
    edges.s100000 = ['s0'];
    expect(findSegmentCycle(graph(edges))?.length).toBe(100_002);
  });
});
