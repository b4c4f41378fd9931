import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { SubjectType } from '../api/rule';
import { listSegmentHistory } from '../api/segments';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { FactList } from '../common/FactList';
import { LoadingBar } from '../common/LoadingBar';
import { LoadMoreButton } from '../common/LoadMoreButton';
import { usePagedList } from '../common/use-paged-list';
import { useFormatters } from '../i18n/use-formatters';

/** Who entered and left the segment, newest first, with the facts that decided it. */
export function SegmentHistory({ segmentId, subject, version }: { segmentId: number; subject: SubjectType; version: number }) {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  const history = usePagedList(`segment-history:${segmentId}:${version}`, (cursor, signal) => listSegmentHistory(api, segmentId, cursor, signal));
  return (
    <section className="card" aria-labelledby="segment-history-heading">
      <h2 id="segment-history-heading">{t('segments.history.heading')}</h2>
      {history.loading && <LoadingBar label={t('segments.history.loading')} />}
      {history.error !== null && <ErrorAlert error={history.error} onRetry={history.retry} />}
      {!history.loading && history.error === null && history.items.length === 0 && <p className="muted">{t('segments.history.empty')}</p>}
      {history.items.length > 0 && (
        <div className="table-scroll">
          <table className="data-table compact">
            <thead>
              <tr>
                <th scope="col">{t('segments.history.when')}</th>
                <th scope="col">{t('segments.history.who')}</th>
                <th scope="col">{t('segments.history.change')}</th>
                <th scope="col" className="numeric hide-narrow">{t('segments.history.version')}</th>
                <th scope="col">{t('segments.history.facts')}</th>
              </tr>
            </thead>
            <tbody>
              {history.items.map((entry) => (
                <tr key={entry.id}>
                  <td>
                    <time dateTime={entry.changed_at}>{format.dateTime(entry.changed_at)}</time>
                  </td>
                  <th scope="row">
                    {subject === 'account' ? (
                      <Link to={`/accounts/${entry.subject_id}`}>{entry.name ?? `#${entry.subject_id}`}</Link>
                    ) : (
                      (entry.name ?? `#${entry.subject_id}`)
                    )}
                  </th>
                  <td>
                    <span className={`badge change-${entry.change}`}>{t(`segments.history.${entry.change}`)}</span>
                  </td>
                  <td className="numeric hide-narrow">{entry.segment_version}</td>
                  <td>
                    <FactList facts={entry.facts} label={t('segments.history.factsOf', { name: entry.name ?? entry.subject_id })} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {history.hasMore && !history.loading && <LoadMoreButton loading={history.loadingMore} onClick={history.loadMore} />}
    </section>
  );
}
