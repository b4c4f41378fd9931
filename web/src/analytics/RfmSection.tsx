import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { computeRfm, fetchRfmSegments, type RfmResult } from '../api/analytics';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useResource } from '../common/use-resource';
import { useFormatters } from '../i18n/use-formatters';
import { useAnalyticsFormat } from './use-analytics-format';

type RecomputeState = { status: 'idle' } | { status: 'running' } | { status: 'done'; result: RfmResult } | { status: 'failed'; error: unknown };

/** The accounts in each classic RFM segment, as last computed, and a button to recompute the scores. */
export function RfmSection() {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  const num = useAnalyticsFormat();
  const [version, setVersion] = useState(0);
  const [recompute, setRecompute] = useState<RecomputeState>({ status: 'idle' });
  const segments = useResource(`rfm:${version}`, (signal) => fetchRfmSegments(api, signal));
  const data = segments.data;

  async function run() {
    setRecompute({ status: 'running' });
    try {
      const result = await computeRfm(api);
      setRecompute({ status: 'done', result });
      setVersion((n) => n + 1);
    } catch (error) {
      setRecompute({ status: 'failed', error });
    }
  }

  const maybe = (value: number | null, show: (v: number) => string) => (value === null ? t('common.none') : show(value));
  return (
    <section className="card analytics-section" aria-labelledby="rfm-heading">
      <div className="section-head">
        <h2 id="rfm-heading">{t('analytics.rfm.heading')}</h2>
        <button type="button" onClick={run} disabled={recompute.status === 'running'}>
          {t('analytics.rfm.recompute')}
        </button>
      </div>
      <p className="help">{t('analytics.rfm.how')}</p>
      {recompute.status === 'running' && <LoadingBar label={t('analytics.rfm.computing')} />}
      {recompute.status === 'failed' && <ErrorAlert error={recompute.error} />}
      {recompute.status === 'done' && (
        <p className="alert alert-success" role="status">
          {t('analytics.rfm.done', { accounts: num.count(recompute.result.accounts), changed: num.count(recompute.result.changed), seconds: num.sig(recompute.result.elapsed_ms / 1000) })}
        </p>
      )}
      {segments.loading && !data && <LoadingBar label={t('analytics.rfm.loading')} />}
      {segments.error !== null && <ErrorAlert error={segments.error} onRetry={segments.reload} />}
      {data && data.computed_at === null && <p className="muted">{t('analytics.rfm.never')}</p>}
      {data && data.computed_at !== null && (
        <>
          <p className="muted">
            {t('analytics.rfm.computedAt', { date: format.dateTime(data.computed_at), asOf: data.as_of ? format.dateTime(data.as_of) : t('common.none'), accounts: num.count(data.accounts) })}
          </p>
          <div className="table-scroll">
            <table className="data-table rfm-table">
              <thead>
                <tr>
                  <th scope="col">{t('analytics.rfm.segment')}</th>
                  <th scope="col" className="numeric">
                    {t('analytics.rfm.accounts')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('analytics.rfm.share')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('analytics.rfm.recency')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('analytics.rfm.frequency')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('analytics.rfm.monetary')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.segments.map((segment) => (
                  <tr key={segment.segment}>
                    <th scope="row">
                      {t(`analytics.rfmSegment.${segment.segment}`, { defaultValue: segment.name })}
                      <span className="help segment-rule">{t(`analytics.rfmRule.${segment.segment}`, { defaultValue: '' })}</span>
                    </th>
                    <td className="numeric">{num.count(segment.accounts)}</td>
                    <td className="numeric">{num.percent(segment.share)}</td>
                    <td className="numeric">{maybe(segment.avg_recency_days, num.sig)}</td>
                    <td className="numeric">{maybe(segment.avg_frequency, num.sig)}</td>
                    <td className="numeric">{maybe(segment.avg_monetary, num.amount)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="help">{t('analytics.rfm.columnsHow')}</p>
        </>
      )}
    </section>
  );
}
