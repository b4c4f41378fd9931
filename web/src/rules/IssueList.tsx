import type { NodeIssue } from './rule-issues';

/** The server's reasons for refusing a part of the rule, shown where that part is edited. */
export function IssueList({ id, issues }: { id: string; issues: readonly NodeIssue[] | undefined }) {
  if (!issues || issues.length === 0) return null;
  return (
    <ul className="rule-issues" id={id}>
      {issues.map((issue, index) => (
        <li key={index}>
          {issue.field && <code>{issue.field}</code>} {issue.message}
        </li>
      ))}
    </ul>
  );
}
