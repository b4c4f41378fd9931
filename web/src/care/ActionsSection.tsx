import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ACTION_STATUSES, listCareActions, type ActionStatus, type CareAction } from '../api/care-actions';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { LoadMoreButton } from '../common/LoadMoreButton';
import { usePagedList } from '../common/use-paged-list';
import { useFormatters } from '../i18n/use-formatters';

/** The durable schedule: care actions by status (scheduled by default), soonest due first. */
export function ActionsSection() {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  const [status, setStatus] = useState<ActionStatus>('scheduled');
  const [version, setVersion] = useState(0);
  const actions = usePagedList(`care-actions:${status}:${version}`, (cursor, signal) => listCareActions(api, { status, cursor }, signal));
  const subject = (action: CareAction) =>
    action.subject_type === 'account' ? (
      <Link to={`/accounts/${action.subject_id}`}>{action.subject_name ?? t('care.actions.accountSubject', { id: action.subject_id })}</Link>
    ) : (
      (action.subject_name ?? t('care.actions.contactSubject', { id: action.subject_id }))
    );
  return (
    <section className="card" aria-labelledby="actions-heading">
      <div className="recompute-head">
        <h2 id="actions-heading">{t('care.actions.heading')}</h2>
        <div className="field field-inline">
          <label htmlFor="actions-status">{t('care.actions.status')}</label>
          <select id="actions-status" value={status} onChange={(e) => setStatus(e.target.value as ActionStatus)}>
            {ACTION_STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`care.actionStatus.${value}`)}
              </option>
            ))}
          </select>
          <button type="button" className="button-quiet" onClick={() => setVersion((n) => n + 1)}>
            {t('care.dead.refresh')}
          </button>
        </div>
      </div>
      <p className="help">{t('care.actions.help')}</p>
      {actions.loading && <LoadingBar label={t('care.actions.loading')} />}
      {actions.error !== null && <ErrorAlert error={actions.error} onRetry={actions.retry} />}
      {!actions.loading && actions.error === null && actions.items.length === 0 && <p className="muted">{t('care.actions.empty')}</p>}
      {actions.items.length > 0 && (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('care.actions.due')}</th>
                <th scope="col">{t('care.actions.programme')}</th>
                <th scope="col">{t('care.actions.step')}</th>
                <th scope="col">{t('care.actions.subject')}</th>
                <th scope="col" className="numeric">
                  {t('care.actions.attempts')}
                </th>
                <th scope="col">{t('care.actions.note')}</th>
              </tr>
            </thead>
            <tbody>
              {actions.items.map((action) => (
                <tr key={action.id}>
                  <td>{format.dateTime(action.due_at)}</td>
                  <th scope="row">
                    <Link to={`/care/elements/${action.element_id}`}>{action.element_key}</Link>
                  </th>
                  <td>
                    {t(`care.stepKind.${action.kind}`)} <code>{action.step_id}</code>
                  </td>
                  <td>{subject(action)}</td>
                  <td className="numeric">{format.number(action.attempts)}</td>
                  <td className="muted">{action.skip_reason ?? action.last_error ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {actions.hasMore && !actions.loading && <LoadMoreButton loading={actions.loadingMore} onClick={actions.loadMore} />}
    </section>
  );
}
