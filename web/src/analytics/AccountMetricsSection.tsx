import { useTranslation } from 'react-i18next';
import { fetchAccountMetrics } from '../api/analytics';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useResource } from '../common/use-resource';
import { useFormatters } from '../i18n/use-formatters';
import { accountAnalytics } from './account-analytics';
import { ExplainedValue } from './ExplainedValue';
import { useAnalyticsFormat } from './use-analytics-format';
import './analytics.css';

/** The account's CLV, P(active), expected purchases and RFM scores, each with how it was computed. */
export function AccountMetricsSection({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  const num = useAnalyticsFormat();
  const metrics = useResource(`account-metrics:${accountId}`, (signal) => fetchAccountMetrics(api, accountId, signal));
  const shown = metrics.data ? accountAnalytics(metrics.data) : null;
  const clvKnown = shown && (shown.clv || shown.pActive || shown.expectedPurchases);
  return (
    <section className="card" aria-labelledby="account-metrics-heading">
      <h2 id="account-metrics-heading">{t('analytics.account.heading')}</h2>
      {metrics.loading && !metrics.data && <LoadingBar label={t('analytics.account.loading')} />}
      {metrics.error !== null && <ErrorAlert error={metrics.error} onRetry={metrics.reload} />}
      {shown && !clvKnown && !shown.rfm && <p className="muted">{t('analytics.account.empty')}</p>}
      {shown && (clvKnown || shown.rfm) && (
        <dl className="explained-list">
          {shown.clv && (
            <ExplainedValue
              label={t('analytics.metric.clv')}
              value={num.amount(shown.clv.value!)}
              how={t('analytics.account.clvHow', { model: shown.clvModel ?? t('common.none'), date: format.dateTime(shown.clv.computed_at) })}
            />
          )}
          {shown.pActive && <ExplainedValue label={t('analytics.metric.p_active')} value={num.percent(shown.pActive.value!)} how={t('analytics.account.pActiveHow')} />}
          {shown.expectedPurchases && (
            <ExplainedValue label={t('analytics.metric.expected_purchases')} value={num.sig(shown.expectedPurchases.value!)} how={t('analytics.account.expectedPurchasesHow')} />
          )}
          {shown.expectedSpend && (
            <ExplainedValue label={t('analytics.metric.expected_spend')} value={num.amount(shown.expectedSpend.value!)} how={t('analytics.account.expectedSpendHow')} />
          )}
          {shown.rfm && (
            <ExplainedValue
              label={t('analytics.account.rfm')}
              value={t('analytics.account.rfmValue', {
                r: shown.rfm.r,
                f: shown.rfm.f,
                m: shown.rfm.m,
                segment: t(`analytics.rfmSegment.${shown.rfm.segment}`),
              })}
              how={t('analytics.account.rfmHow', { date: format.dateTime(shown.rfm.computedAt), rule: t(`analytics.rfmRule.${shown.rfm.segment}`) })}
            />
          )}
        </dl>
      )}
    </section>
  );
}
