/**
 * Finds a cycle in the graph of segment references (segment key -> keys its rule references),
 * so a segment can never (indirectly) contain itself. Returns the cycle as a path that starts
 * and ends with the same key (['a', 'b', 'a']; a self-reference is ['a', 'a']), or null.
 * Keys referenced but absent from the graph are leaves. Iterative, so deep chains are fine.
 */
export function findSegmentCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  for (const start of graph.keys()) {
    if (state.has(start)) continue;
    // Depth-first with an explicit stack of (key, index of the next neighbour to visit).
    const path: string[] = [start];
    const next: number[] = [0];
    state.set(start, 'open');
    while (path.length > 0) {
      const top = path.length - 1;
      const key = path[top]!;
      const edges = graph.get(key) ?? [];
      const i = next[top]!;
      if (i >= edges.length) {
        state.set(key, 'done');
        path.pop();
        next.pop();
        continue;
      }
      next[top] = i + 1;
      const to = edges[i]!;
      const seen = state.get(to);
      if (seen === 'open') return [...path.slice(path.indexOf(to)), to];
      if (seen === 'done') continue;
      state.set(to, 'open');
      path.push(to);
      next.push(0);
    }
  }
  return null;
}
