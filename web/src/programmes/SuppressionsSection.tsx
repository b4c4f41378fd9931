import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { addSuppression, listSuppressions, removeSuppression, SUPPRESSION_REASONS, type EmailSuppression, type SuppressionReason } from '../api/email-suppressions';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { LoadMoreButton } from '../common/LoadMoreButton';
import { usePagedList } from '../common/use-paged-list';
import { useFormatters } from '../i18n/use-formatters';
import { FieldIssues } from './FieldIssues';
import { NO_ELEMENT_ISSUES, type ElementIssues } from './element-draft';
import { hasIssue, issuesByPath } from './issues-by-path';

/**
 * Email addresses no care email goes to: hard bounces and complaints land here by themselves;
 * an address can be added by hand, and removed to let care email go to it again.
 */
export function SuppressionsSection() {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  const [reason, setReason] = useState<SuppressionReason | ''>('');
  const [version, setVersion] = useState(0);
  const list = usePagedList(`suppressions:${reason}:${version}`, (cursor, signal) => listSuppressions(api, { reason, cursor }, signal));
  const [address, setAddress] = useState('');
  const [detail, setDetail] = useState('');
  const [issues, setIssues] = useState<ElementIssues>(NO_ELEMENT_ISSUES);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function add(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const added = await addSuppression(api, { address: address.trim(), ...(detail.trim() ? { detail: detail.trim() } : {}) });
      setIssues(NO_ELEMENT_ISSUES);
      setAddress('');
      setDetail('');
      setNotice(t('care.settings.suppressions.added', { address: added.address }));
      setVersion((n) => n + 1);
    } catch (failure) {
      setError(failure);
      setIssues(failure instanceof ApiError ? issuesByPath(failure.problem.errors ?? []) : NO_ELEMENT_ISSUES);
    } finally {
      setBusy(false);
    }
  }

  async function remove(entry: EmailSuppression) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await removeSuppression(api, entry.address);
      setNotice(t('care.settings.suppressions.removed', { address: entry.address }));
      setVersion((n) => n + 1);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="suppressions-heading">
      <h2 id="suppressions-heading">{t('care.settings.suppressions.heading')}</h2>
      <p className="help">{t('care.settings.suppressions.help')}</p>
      <div className="field field-inline">
        <label htmlFor="suppression-reason">{t('care.settings.suppressions.reasonFilter')}</label>
        <select id="suppression-reason" value={reason} onChange={(e) => setReason(e.target.value as SuppressionReason | '')}>
          <option value="">{t('care.settings.suppressions.allReasons')}</option>
          {SUPPRESSION_REASONS.map((value) => (
            <option key={value} value={value}>
              {t(`care.settings.suppressions.reason.${value}`)}
            </option>
          ))}
        </select>
      </div>
      {list.loading && <LoadingBar label={t('care.settings.suppressions.loading')} />}
      {list.error !== null && <ErrorAlert error={list.error} onRetry={list.retry} />}
      {!list.loading && list.error === null && list.items.length === 0 && <p className="muted">{t('care.settings.suppressions.empty')}</p>}
      {list.items.length > 0 && (
        <div className="table-scroll">
          <table className="data-table compact" aria-label={t('care.settings.suppressions.heading')}>
            <thead>
              <tr>
                <th scope="col">{t('care.settings.suppressions.address')}</th>
                <th scope="col">{t('care.settings.suppressions.reasonColumn')}</th>
                <th scope="col" className="hide-narrow">{t('care.settings.suppressions.detail')}</th>
                <th scope="col">{t('care.settings.suppressions.since')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('care.settings.suppressions.remove')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((entry) => (
                <tr key={entry.address}>
                  <th scope="row" className="break-anywhere">
                    {entry.address}
                  </th>
                  <td>
                    <span className={`badge ${entry.reason === 'manual' ? 'badge-off' : 'badge-warning'}`}>{t(`care.settings.suppressions.reason.${entry.reason}`)}</span>
                  </td>
                  <td className="hide-narrow">{entry.detail ?? ''}</td>
                  <td>{format.dateTime(entry.created_at)}</td>
                  <td>
                    <button type="button" className="button-quiet" disabled={busy} aria-label={t('care.settings.suppressions.removeLabel', { address: entry.address })} onClick={() => void remove(entry)}>
                      {t('care.settings.suppressions.remove')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.hasMore && !list.loading && <LoadMoreButton loading={list.loadingMore} onClick={list.loadMore} />}
      {notice && (
        <p className="muted" role="status">
          {notice}
        </p>
      )}
      {error !== null && <ErrorAlert error={error} />}

      <form className="inline-form" aria-labelledby="suppression-add-heading" onSubmit={add} noValidate>
        <h3 id="suppression-add-heading">{t('care.settings.suppressions.addHeading')}</h3>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="suppression-address">{t('care.settings.suppressions.address')}</label>
            <input id="suppression-address" type="email" value={address} spellCheck={false} aria-invalid={hasIssue(issues, '/address')} onChange={(e) => setAddress(e.target.value)} />
            <FieldIssues issues={issues} path="/address" />
          </div>
          <div className="field">
            <label htmlFor="suppression-detail">{t('care.settings.suppressions.detailOptional')}</label>
            <input id="suppression-detail" value={detail} onChange={(e) => setDetail(e.target.value)} />
            <FieldIssues issues={issues} path="/detail" />
          </div>
        </div>
        <button type="submit" className="button-primary" disabled={busy}>
          {t('care.settings.suppressions.add')}
        </button>
      </form>
    </section>
  );
}
