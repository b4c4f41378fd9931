import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { createWebhookEndpoint, deleteWebhookEndpoint, listWebhookEndpoints, type CreatedWebhookEndpoint, type WebhookEndpoint } from '../api/care-settings';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useResource } from '../common/use-resource';
import { useFormatters } from '../i18n/use-formatters';
import { FieldIssues } from './FieldIssues';
import { NO_ELEMENT_ISSUES, type ElementIssues } from './element-draft';
import { hasIssue, issuesByPath } from './issues-by-path';

/**
 * Where webhook steps post: the endpoints, a form to add one (its signing secret is shown once,
 * right after) and delete (refused while a care element posts to it).
 */
export function WebhookEndpointsSection() {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  const endpoints = useResource('webhook-endpoints', (signal) => listWebhookEndpoints(api, signal));
  const [key, setKey] = useState('');
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [issues, setIssues] = useState<ElementIssues>(NO_ELEMENT_ISSUES);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<CreatedWebhookEndpoint | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<number | null>(null);

  async function add(event: FormEvent) {
    event.preventDefault();
    setAdding(true);
    setError(null);
    setNotice(null);
    try {
      const endpoint = await createWebhookEndpoint(api, { key: key.trim(), url: url.trim(), ...(description.trim() ? { description: description.trim() } : {}) });
      setCreated(endpoint);
      setIssues(NO_ELEMENT_ISSUES);
      setKey('');
      setUrl('');
      setDescription('');
      endpoints.reload();
    } catch (failure) {
      setError(failure);
      setIssues(failure instanceof ApiError ? issuesByPath(failure.problem.errors ?? []) : NO_ELEMENT_ISSUES);
    } finally {
      setAdding(false);
    }
  }

  async function remove(endpoint: WebhookEndpoint) {
    if (!window.confirm(t('care.settings.webhooks.deleteConfirm', { key: endpoint.key }))) return;
    setDeleting(endpoint.id);
    setError(null);
    setNotice(null);
    try {
      await deleteWebhookEndpoint(api, endpoint.id);
      if (created?.id === endpoint.id) setCreated(null);
      setNotice(t('care.settings.webhooks.deleted', { key: endpoint.key }));
      endpoints.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setDeleting(null);
    }
  }

  const list = endpoints.data?.data ?? [];
  return (
    <section className="card" aria-labelledby="webhooks-heading">
      <h2 id="webhooks-heading">{t('care.settings.webhooks.heading')}</h2>
      <p className="help">{t('care.settings.webhooks.help')}</p>
      {endpoints.loading && !endpoints.data && <LoadingBar label={t('care.settings.webhooks.loading')} />}
      {endpoints.error !== null && <ErrorAlert error={endpoints.error} onRetry={endpoints.reload} />}
      {endpoints.data && list.length === 0 && <p className="muted">{t('care.settings.webhooks.empty')}</p>}
      {list.length > 0 && (
        <div className="table-scroll">
          <table className="data-table compact" aria-label={t('care.settings.webhooks.heading')}>
            <thead>
              <tr>
                <th scope="col">{t('care.settings.webhooks.key')}</th>
                <th scope="col">{t('care.settings.webhooks.url')}</th>
                <th scope="col" className="hide-narrow">{t('care.settings.webhooks.description')}</th>
                <th scope="col">{t('care.settings.webhooks.state')}</th>
                <th scope="col" className="hide-narrow">{t('care.settings.webhooks.created')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('care.settings.webhooks.delete')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((endpoint) => (
                <tr key={endpoint.id}>
                  <th scope="row">
                    <code>{endpoint.key}</code>
                  </th>
                  <td className="break-anywhere">{endpoint.url}</td>
                  <td className="hide-narrow">{endpoint.description ?? ''}</td>
                  <td>
                    <span className={`badge ${endpoint.enabled ? 'badge-on' : 'badge-off'}`}>{endpoint.enabled ? t('care.enabled') : t('care.disabled')}</span>
                  </td>
                  <td className="hide-narrow">{format.dateTime(endpoint.created_at)}</td>
                  <td>
                    <button
                      type="button"
                      className="button-quiet"
                      disabled={deleting === endpoint.id}
                      aria-label={t('care.settings.webhooks.deleteLabel', { key: endpoint.key })}
                      onClick={() => void remove(endpoint)}
                    >
                      {t('care.settings.webhooks.delete')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {notice && (
        <p className="muted" role="status">
          {notice}
        </p>
      )}
      {created && (
        <div className="alert alert-success secret-box" role="status">
          <p className="alert-heading">{t('care.settings.webhooks.createdHeading', { key: created.key })}</p>
          <p>{t('care.settings.webhooks.secretOnce')}</p>
          <SecretValue secret={created.secret} />
          <button type="button" className="button-quiet" onClick={() => setCreated(null)}>
            {t('care.settings.webhooks.secretDone')}
          </button>
        </div>
      )}
      {error !== null && <ErrorAlert error={error} />}

      <form className="inline-form" aria-labelledby="webhook-add-heading" onSubmit={add} noValidate>
        <h3 id="webhook-add-heading">{t('care.settings.webhooks.addHeading')}</h3>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="webhook-key">{t('care.settings.webhooks.key')}</label>
            <input id="webhook-key" value={key} spellCheck={false} aria-invalid={hasIssue(issues, '/key')} aria-describedby="webhook-key-help" onChange={(e) => setKey(e.target.value)} />
            <p className="help" id="webhook-key-help">
              {t('care.settings.webhooks.keyHelp')}
            </p>
            <FieldIssues issues={issues} path="/key" />
          </div>
          <div className="field">
            <label htmlFor="webhook-url">{t('care.settings.webhooks.url')}</label>
            <input id="webhook-url" type="url" value={url} spellCheck={false} aria-invalid={hasIssue(issues, '/url')} onChange={(e) => setUrl(e.target.value)} />
            <FieldIssues issues={issues} path="/url" />
          </div>
          <div className="field">
            <label htmlFor="webhook-description">{t('care.settings.webhooks.descriptionOptional')}</label>
            <input id="webhook-description" value={description} onChange={(e) => setDescription(e.target.value)} />
            <FieldIssues issues={issues} path="/description" />
          </div>
        </div>
        <button type="submit" className="button-primary" disabled={adding}>
          {adding ? t('care.settings.webhooks.adding') : t('care.settings.webhooks.add')}
        </button>
      </form>
    </section>
  );
}

/** The signing secret with a copy button; selecting the text works where the clipboard is not allowed. */
function SecretValue({ secret }: { secret: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  async function copy() {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }
  return (
    <div className="secret-value">
      <label htmlFor="webhook-secret">{t('care.settings.webhooks.secret')}</label>
      <div className="search-row">
        <input id="webhook-secret" readOnly value={secret} spellCheck={false} onFocus={(e) => e.target.select()} />
        <button type="button" onClick={() => void copy()}>
          {t('care.settings.webhooks.copy')}
        </button>
      </div>
      <p className="help" aria-live="polite">
        {copied === 'yes' ? t('care.settings.webhooks.copied') : copied === 'failed' ? t('care.settings.webhooks.copyFailed') : t('care.settings.webhooks.copyHint')}
      </p>
    </div>
  );
}
