import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../app/use-document-title';
import { ClvSection } from './ClvSection';
import { CohortSection } from './CohortSection';
import { RetentionSection } from './RetentionSection';
import { RfmSection } from './RfmSection';
import './analytics.css';

/** Customer analytics: lifetime value, RFM segments, retention curves and cohorts. */
export function AnalyticsPage() {
  const { t } = useTranslation();
  const [clvVersion, setClvVersion] = useState(0);
  const fitted = useCallback(() => setClvVersion((n) => n + 1), []);
  useDocumentTitle(t('analytics.title'));
  return (
    <section className="page analytics-page" aria-labelledby="analytics-heading">
      <h1 id="analytics-heading">{t('analytics.title')}</h1>
      <p className="lead">{t('analytics.intro')}</p>
      <ClvSection version={clvVersion} onFitted={fitted} />
      <RfmSection />
      <RetentionSection />
      <CohortSection />
    </section>
  );
}
