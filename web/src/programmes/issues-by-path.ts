import type { ProblemIssue } from '../api/api-error';
import { normalIssuePath } from '../rules/rule-issues';
import type { ElementIssues } from './element-draft';

/**
 * The server's issues of a refused form by JSON pointer ("/quiet_start", "/frequency_caps/1/max"),
 * in the shape FieldIssues reads; Fastify's "body/…" paths are made plain.
 */
export function issuesByPath(issues: readonly ProblemIssue[]): ElementIssues {
  const byPath = new Map<string, string[]>();
  for (const issue of issues) {
    const path = normalIssuePath(issue.path);
    byPath.set(path, [...(byPath.get(path) ?? []), issue.message]);
  }
  return { byNode: new Map(), byPath };
}

/** Whether the server named this field (or anything below it). */
export function hasIssue(issues: ElementIssues, path: string): boolean {
  for (const at of issues.byPath.keys()) if (at === path || at.startsWith(`${path}/`)) return true;
  return false;
}
