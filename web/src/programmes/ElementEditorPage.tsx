import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { localized } from '../api/lifecycle';
import { fetchCareElement } from '../api/programmes';
import { listWebhookEndpoints } from '../api/care-settings';
import { useDocumentTitle } from '../app/use-document-title';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useResource } from '../common/use-resource';
import { useRuleVocabulary } from '../segments/use-rule-vocabulary';
import { ElementForm } from './ElementForm';
import { ElementResults } from './ElementResults';
import { ElementVersionHistory } from './ElementVersionHistory';

const NO_ENDPOINTS: string[] = [];

/** /care/elements/new and /care/elements/:id: the element editor, and for a saved element its results. */
export function ElementEditorPage() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const { id } = useParams();
  const vocabulary = useRuleVocabulary();
  const element = useResource(`care-element:${id ?? 'new'}`, (signal) => (id ? fetchCareElement(api, id, signal) : Promise.resolve(null)));
  const endpoints = useResource('webhook-endpoints', (signal) => listWebhookEndpoints(api, signal).catch(() => ({ data: [] })));
  const endpointNames = endpoints.data?.data.map((endpoint) => endpoint.key) ?? NO_ENDPOINTS;
  const name = element.data ? localized(element.data.definition.name, i18n.language) : null;
  const title = !id ? t('care.editor.newTitle') : name ? t('care.editor.editTitle', { name }) : t('care.editor.loading');
  useDocumentTitle(title);
  return (
    <section className="page element-page" aria-labelledby="element-heading">
      <p className="back-link">
        <Link to="/care">
          <span aria-hidden="true">← </span>
          {t('care.editor.backToMatrix')}
        </Link>
      </p>
      <h1 id="element-heading">{title}</h1>
      {element.data && (
        <p className="muted">
          {t('care.editor.versionLine', { version: element.data.version, key: element.data.key })}{' '}
          <span className={`badge ${element.data.enabled ? 'badge-on' : 'badge-off'}`}>{element.data.enabled ? t('care.enabled') : t('care.disabled')}</span>
        </p>
      )}
      {element.loading && !element.data && id && <LoadingBar label={t('care.editor.loading')} />}
      {element.error !== null && <ErrorAlert error={element.error} onRetry={element.reload} />}
      {(!id || element.data) && (
        <ElementForm key={element.data?.id ?? 'new'} element={element.data ?? undefined} vocabulary={vocabulary} webhookEndpoints={endpointNames} onSaved={() => element.reload()} />
      )}
      {element.data && <ElementResults elementId={element.data.id} />}
      {element.data && <ElementVersionHistory elementId={element.data.id} currentVersion={element.data.version} />}
    </section>
  );
}
