import { issuesUnder, type ElementIssues } from './element-draft';

/** The server's reasons for refusing a field (or anything below it), shown next to it. */
export function FieldIssues({ issues, path, exact = false }: { issues: ElementIssues; path: string; exact?: boolean }) {
  const list = exact ? (issues.byPath.get(path) ?? []).map((message) => ({ path, message })) : issuesUnder(issues, path);
  if (list.length === 0) return null;
  return (
    <ul className="rule-issues field-issues">
      {list.map((issue, index) => (
        <li key={index}>
          {issue.path !== path && <code>{issue.path.slice(path.length + 1)}</code>} {issue.message}
        </li>
      ))}
    </ul>
  );
}
