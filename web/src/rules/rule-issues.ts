import type { ProblemIssue } from '../api/api-error';

/** A server issue placed on a node: `field` is the path left below the node ("op", "value/0", "measure/property"). */
export interface NodeIssue {
  field: string;
  message: string;
}

export interface PlacedIssues {
  /** Node id -> its issues. */
  byNode: Map<string, NodeIssue[]>;
  /** Issues outside the rule (other fields of the request), path as the server gave it. */
  other: ProblemIssue[];
}

/** Fastify names body fields "body/name"; our use cases "/name". Both become "/name". */
export function normalIssuePath(path: string): string {
  const bare = path.replace(/^body(?=\/|$)/, '');
  return bare === '' ? '' : bare.startsWith('/') ? bare : `/${bare}`;
}

const within = (path: string, base: string) => base === '' || path === base || path.startsWith(`${base}/`);

/**
 * Puts each issue of a refused rule on the node it is about: the node whose JSON pointer is the
 * longest prefix of the issue's path (`rulePath` is where the rule sits in the request, e.g.
 * "/rule"). An issue about the rule as a whole lands on the top group.
 */
export function placeIssues(issues: readonly ProblemIssue[], paths: ReadonlyMap<string, string>, rulePath = '/rule'): PlacedIssues {
  const byNode = new Map<string, NodeIssue[]>();
  const other: ProblemIssue[] = [];
  for (const issue of issues) {
    const path = normalIssuePath(issue.path);
    if (!within(path, rulePath)) {
      other.push({ path, message: issue.message });
      continue;
    }
    const inRule = path.slice(rulePath.length);
    let best: { id: string; at: string } | null = null;
    for (const [id, at] of paths) {
      if (within(inRule, at) && (best === null || at.length > best.at.length)) best = { id, at };
    }
    if (!best) {
      other.push({ path, message: issue.message });
      continue;
    }
    const field = inRule.slice(best.at.length).replace(/^\//, '');
    const list = byNode.get(best.id) ?? [];
    list.push({ field, message: issue.message });
    byNode.set(best.id, list);
  }
  return { byNode, other };
}

/** The issues of a node about one of its fields (or anything below it: "value" covers "value/1"). */
export function issuesAt(issues: readonly NodeIssue[] | undefined, field: string): NodeIssue[] {
  return (issues ?? []).filter((issue) => issue.field === field || issue.field.startsWith(`${field}/`));
}
