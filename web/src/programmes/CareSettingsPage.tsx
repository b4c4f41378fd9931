import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { fetchCareSettings } from '../api/care-settings';
import { useDocumentTitle } from '../app/use-document-title';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useResource } from '../common/use-resource';
import { CareSettingsForm } from './CareSettingsForm';
import { SuppressionsSection } from './SuppressionsSection';
import { WebhookEndpointsSection } from './WebhookEndpointsSection';

/** /care/settings: the workspace's care settings, webhook endpoints and email suppression list. */
export function CareSettingsPage() {
  const { t } = useTranslation();
  const api = useApi();
  const settings = useResource('care-settings', (signal) => fetchCareSettings(api, signal));
  useDocumentTitle(t('care.settings.title'));
  return (
    <section className="page care-settings-page" aria-labelledby="care-settings-heading">
      <p className="back-link">
        <Link to="/care">
          <span aria-hidden="true">← </span>
          {t('care.editor.backToMatrix')}
        </Link>
      </p>
      <h1 id="care-settings-heading">{t('care.settings.title')}</h1>
      <p className="lead">{t('care.settings.intro')}</p>
      {settings.loading && !settings.data && <LoadingBar label={t('care.settings.loading')} />}
      {settings.error !== null && <ErrorAlert error={settings.error} onRetry={settings.reload} />}
      {settings.data && <CareSettingsForm settings={settings.data} />}
      <WebhookEndpointsSection />
      <SuppressionsSection />
    </section>
  );
}
