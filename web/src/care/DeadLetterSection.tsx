import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { listCareActions, retryCareAction, type CareAction, type RetriedAction } from '../api/care-actions';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { LoadMoreButton } from '../common/LoadMoreButton';
import { usePagedList } from '../common/use-paged-list';
import { useFormatters } from '../i18n/use-formatters';

/** Actions that failed every attempt ("dead"), with the last error; retry schedules one again at once. */
export function DeadLetterSection() {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  const [version, setVersion] = useState(0);
  const dead = usePagedList(`care-dead:${version}`, (cursor, signal) => listCareActions(api, { status: 'dead', cursor }, signal));
  const [retried, setRetried] = useState<Map<number, RetriedAction>>(new Map());
  const [retrying, setRetrying] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function retry(action: CareAction) {
    setRetrying(action.id);
    setError(null);
    try {
      const again = await retryCareAction(api, action.id);
      setRetried((current) => new Map(current).set(action.id, again));
    } catch (failure) {
      setError(failure);
    } finally {
      setRetrying(null);
    }
  }

  const subjectLink = (action: CareAction) =>
    action.subject_type === 'account' ? (
      <Link to={`/accounts/${action.subject_id}`}>{action.subject_name ?? t('care.actions.accountSubject', { id: action.subject_id })}</Link>
    ) : (
      (action.subject_name ?? t('care.actions.contactSubject', { id: action.subject_id }))
    );

  return (
    <section className="card" aria-labelledby="dead-heading">
      <div className="recompute-head">
        <h2 id="dead-heading">{t('care.dead.heading')}</h2>
        <button type="button" className="button-quiet" onClick={() => setVersion((n) => n + 1)}>
          {t('care.dead.refresh')}
        </button>
      </div>
      <p className="help">{t('care.dead.help')}</p>
      {dead.loading && <LoadingBar label={t('care.dead.loading')} />}
      {dead.error !== null && <ErrorAlert error={dead.error} onRetry={dead.retry} />}
      {error !== null && <ErrorAlert error={error} />}
      {!dead.loading && dead.error === null && dead.items.length === 0 && <p className="muted">{t('care.dead.empty')}</p>}
      {dead.items.length > 0 && (
        <div className="table-scroll">
          <table className="data-table dead-table">
            <thead>
              <tr>
                <th scope="col">{t('care.actions.programme')}</th>
                <th scope="col">{t('care.actions.step')}</th>
                <th scope="col">{t('care.actions.subject')}</th>
                <th scope="col" className="numeric">
                  {t('care.actions.attempts')}
                </th>
                <th scope="col">{t('care.actions.lastError')}</th>
                <th scope="col">{t('care.actions.failedAt')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('care.dead.retry')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {dead.items.map((action) => {
                const again = retried.get(action.id);
                return (
                  <tr key={action.id}>
                    <th scope="row">
                      <Link to={`/care/elements/${action.element_id}`}>{action.element_key}</Link>
                    </th>
                    <td>
                      {t(`care.stepKind.${action.kind}`)} <code>{action.step_id}</code>
                    </td>
                    <td>{subjectLink(action)}</td>
                    <td className="numeric">{format.number(action.attempts)}</td>
                    <td className="dead-error">{action.last_error ?? ''}</td>
                    <td>{action.finished_at ? format.dateTime(action.finished_at) : ''}</td>
                    <td>
                      {again ? (
                        <span className="badge badge-scheduled">{t('care.dead.retried', { at: format.dateTime(again.due_at) })}</span>
                      ) : (
                        <button type="button" disabled={retrying === action.id} onClick={() => void retry(action)}>
                          {t('care.dead.retry')}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {dead.hasMore && !dead.loading && <LoadMoreButton loading={dead.loadingMore} onClick={dead.loadMore} />}
    </section>
  );
}
