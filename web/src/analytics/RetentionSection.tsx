import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchRetentionCurves } from '../api/analytics';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useResource } from '../common/use-resource';
import { useFormatters } from '../i18n/use-formatters';
import { RetentionChart, seriesColour } from './RetentionChart';
import { useAnalyticsFormat } from './use-analytics-format';

/** Groupings the server takes for `by` ('' = all accounts together). */
const GROUPINGS = ['', 'kind', 'country', 'industry', 'owner', 'stage'] as const;

/** Kaplan-Meier retention since the first order, optionally by an account attribute, with a log-rank test. */
export function RetentionSection() {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  const num = useAnalyticsFormat();
  const [by, setBy] = useState<string>('');
  const curves = useResource(`retention:${by}`, (signal) => fetchRetentionCurves(api, by || null, signal));
  const data = curves.data;
  const groupName = (group: string) => (data?.by ? group : t('analytics.retention.all'));
  return (
    <section className="card analytics-section" aria-labelledby="retention-heading">
      <h2 id="retention-heading">{t('analytics.retention.heading')}</h2>
      <div className="field field-inline">
        <label htmlFor="retention-by">{t('analytics.retention.by')}</label>
        <select id="retention-by" value={by} onChange={(e) => setBy(e.target.value)}>
          {GROUPINGS.map((value) => (
            <option key={value} value={value}>
              {t(`analytics.retention.grouping.${value || 'none'}`)}
            </option>
          ))}
        </select>
      </div>
      {curves.loading && <LoadingBar label={t('analytics.retention.loading')} />}
      {curves.error !== null && <ErrorAlert error={curves.error} onRetry={curves.reload} />}
      {data && (
        <>
          <p className="help">
            {t('analytics.retention.how', {
              days: data.churn_after_days,
              asOf: format.date(data.as_of),
              confidence: num.percent(data.confidence),
              accounts: num.count(data.accounts),
            })}
          </p>
          {data.curves.length === 0 ? (
            <p className="muted">{t('analytics.retention.empty')}</p>
          ) : (
            <div className="retention">
              <RetentionChart curves={data.curves} groupName={groupName} />
              <table className="data-table compact retention-legend">
                <thead>
                  <tr>
                    <th scope="col">{t('analytics.retention.group')}</th>
                    <th scope="col" className="numeric">
                      {t('analytics.retention.accounts')}
                    </th>
                    <th scope="col" className="numeric">
                      {t('analytics.retention.churned')}
                    </th>
                    <th scope="col" className="numeric">
                      {t('analytics.retention.median')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.curves.map((curve, index) => (
                    <tr key={curve.group}>
                      <th scope="row">
                        <span className="swatch" style={{ background: seriesColour(index) }} aria-hidden="true" />
                        {groupName(curve.group)}
                      </th>
                      <td className="numeric">{num.count(curve.accounts)}</td>
                      <td className="numeric">{num.count(curve.churned)}</td>
                      <td className="numeric">
                        {curve.median_days === null
                          ? t('analytics.retention.medianNotReached')
                          : t('analytics.retention.medianValue', {
                              days: num.count(curve.median_days),
                              lower: curve.median_lower === null ? '…' : num.count(curve.median_lower),
                              upper: curve.median_upper === null ? '…' : num.count(curve.median_upper),
                            })}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="help">{t('analytics.retention.medianHow')}</p>
            </div>
          )}
          {data.log_rank && (
            <p className="help">
              {t('analytics.retention.logRank', {
                statistic: num.sig(data.log_rank.statistic),
                df: data.log_rank.degrees_of_freedom,
                p: num.sig(data.log_rank.p_value),
              })}
            </p>
          )}
        </>
      )}
    </section>
  );
}
