import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../app/use-document-title';
import { ClvSection } from './ClvSection';
import { CohortSection } from './CohortSection';
import { FunnelSection } from './FunnelSection';
import { KeyNumbersSection } from './KeyNumbersSection';
import { LeavingReasonsSection } from './LeavingReasonsSection';
import { LifecycleSankeySection } from './LifecycleSankeySection';
import { OfferQualitySection } from './OfferQualitySection';
import { ProjectionSection } from './ProjectionSection';
import { RetentionSection } from './RetentionSection';
import { RfmSection } from './RfmSection';
import { WalletSection } from './WalletSection';
import './analytics.css';

/** Customer analytics: the key numbers, lifetime value, RFM, retention, cohorts and the retention projection, leaving reasons, funnel and flows, share of wallet, offer quality. */
export function AnalyticsPage() {
  const { t } = useTranslation();
  const [clvVersion, setClvVersion] = useState(0);
  const fitted = useCallback(() => setClvVersion((n) => n + 1), []);
  useDocumentTitle(t('analytics.title'));
  return (
    <section className="page analytics-page" aria-labelledby="analytics-heading">
      <h1 id="analytics-heading">{t('analytics.title')}</h1>
      <p className="lead">{t('analytics.intro')}</p>
      <KeyNumbersSection />
      <ClvSection version={clvVersion} onFitted={fitted} />
      <RfmSection />
      <RetentionSection />
      <CohortSection />
      <ProjectionSection />
      <LeavingReasonsSection />
      <FunnelSection />
      <LifecycleSankeySection />
      <WalletSection />
      <OfferQualitySection />
    </section>
  );
}
