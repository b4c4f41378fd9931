/** One aggregate column of a facts source (events, orders, scores, contacts): its name and SQL. */
export interface Aggregate {
  name: string;
  sql: string;
}

/** The aggregate column of `key` in `aggs`, added as `<letter><n>` when new. */
export function aggregate(aggs: Map<string, Aggregate>, letter: string, key: string, sql: () => string): string {
  let a = aggs.get(key);
  if (!a) {
    a = { name: `${letter}${aggs.size}`, sql: sql() };
    aggs.set(key, a);
  }
  return a.name;
}

/** "sql AS name, ..." of every aggregate of `aggs`. */
export function aggregateList(aggs: Map<string, Aggregate>): string {
  return [...aggs.values()].map((a) => `${a.sql} AS ${a.name}`).join(', ');
}
