import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { listImports } from '../api/imports';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { LoadMoreButton } from '../common/LoadMoreButton';
import { usePagedList } from '../common/use-paged-list';
import { enumLabel } from '../i18n/enum-label';
import { useFormatters } from '../i18n/use-formatters';

/** Earlier imports, newest first; `version` changes when a new one has finished. */
export function ImportHistory({ version }: { version: number }) {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  const imports = usePagedList(`imports:${version}`, (cursor, signal) => listImports(api, cursor, signal));
  return (
    <section className="card" aria-labelledby="import-history-heading">
      <h2 id="import-history-heading">{t('imports.history.heading')}</h2>
      {imports.loading && <LoadingBar label={t('imports.history.loading')} />}
      {imports.error !== null && <ErrorAlert error={imports.error} onRetry={imports.retry} />}
      {!imports.loading && imports.error === null && imports.items.length === 0 && <p className="muted">{t('imports.history.empty')}</p>}
      {imports.items.length > 0 && (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('imports.history.id')}</th>
                <th scope="col">{t('imports.history.kind')}</th>
                <th scope="col">{t('imports.history.status')}</th>
                <th scope="col" className="numeric">{t('imports.history.imported')}</th>
                <th scope="col" className="numeric">{t('imports.history.rejected')}</th>
                <th scope="col" className="hide-narrow">{t('imports.history.created')}</th>
              </tr>
            </thead>
            <tbody>
              {imports.items.map((job) => (
                <tr key={job.id}>
                  <th scope="row">
                    <Link to={`/imports/${job.id}`} aria-label={t('imports.history.open', { id: job.id })}>
                      #{job.id}
                    </Link>
                  </th>
                  <td>{enumLabel(t, 'importKind', job.kind)}</td>
                  <td>
                    <span className={`badge import-${job.status}`}>{enumLabel(t, 'importStatus', job.status)}</span>
                  </td>
                  <td className="numeric">{format.number(job.rows_imported)}</td>
                  <td className="numeric">{format.number(job.rows_rejected)}</td>
                  <td className="hide-narrow">
                    <time dateTime={job.created_at}>{format.dateTime(job.created_at)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {imports.hasMore && !imports.loading && <LoadMoreButton loading={imports.loadingMore} onClick={imports.loadMore} />}
    </section>
  );
}
