import { useTranslation } from 'react-i18next';
import { ApiError, NetworkError } from '../api/api-error';

/**
 * Shows a failed call: for API problems (RFC 9457) the server's detail text and the fields
 * or lines it named; for a lost connection a translated explanation.
 */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  let heading = t('errors.title');
  let detail: string;
  let issues: { path: string; message: string }[] = [];
  if (error instanceof ApiError) {
    heading = t('errors.status', { status: error.status });
    detail = error.message;
    issues = error.problem.errors ?? [];
  } else if (error instanceof NetworkError) {
    detail = t('errors.network');
  } else {
    detail = t('errors.unexpected', { message: error instanceof Error ? error.message : String(error) });
  }
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-heading">{heading}</p>
      <p>{detail}</p>
      {issues.length > 0 && (
        <details>
          <summary>{t('errors.issues')}</summary>
          <ul>
            {issues.map((issue, index) => (
              <li key={index}>
                <code>{issue.path}</code> {issue.message}
              </li>
            ))}
          </ul>
        </details>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('errors.retry')}
        </button>
      )}
    </div>
  );
}
