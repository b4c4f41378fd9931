/** The event names a set of rules reads (e.g. the lifecycle's transitions), sorted: suggestions for the rule builder. */
export function collectEventNames(rules: readonly unknown[]): string[] {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (typeof record.event === 'string' && record.event !== '') names.add(record.event);
    for (const key of ['all', 'any', 'not', 'where']) if (key in record) visit(record[key]);
  };
  rules.forEach(visit);
  return [...names].sort((a, b) => a.localeCompare(b));
}
