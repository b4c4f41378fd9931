import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchCohortRetention } from '../api/analytics';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useResource } from '../common/use-resource';
import { useFormatters } from '../i18n/use-formatters';
import { cohortHeatRows, type CohortMeasure } from './cohort-heat';
import { useAnalyticsFormat } from './use-analytics-format';

const MEASURES: readonly CohortMeasure[] = ['logo', 'revenue'];

/** Cohorts by acquisition month as a heat table, and churn and revenue retention per window. */
export function CohortSection() {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  const num = useAnalyticsFormat();
  const [measure, setMeasure] = useState<CohortMeasure>('logo');
  const cohorts = useResource('cohorts', (signal) => fetchCohortRetention(api, signal));
  const data = cohorts.data;
  const heat = data ? cohortHeatRows(data.cohorts, measure) : null;
  const maybe = (value: number | null) => (value === null ? t('common.none') : num.percent(value));
  return (
    <section className="card analytics-section" aria-labelledby="cohorts-heading">
      <h2 id="cohorts-heading">{t('analytics.cohorts.heading')}</h2>
      <fieldset className="choice">
        <legend>{t('analytics.cohorts.measure')}</legend>
        {MEASURES.map((value) => (
          <label key={value} className="check">
            <input type="radio" name="cohort-measure" value={value} checked={measure === value} onChange={() => setMeasure(value)} />
            {t(`analytics.cohorts.measures.${value}`)}
          </label>
        ))}
      </fieldset>
      <p className="help">{t(`analytics.cohorts.how.${measure}`)}</p>
      {cohorts.loading && <LoadingBar label={t('analytics.cohorts.loading')} />}
      {cohorts.error !== null && <ErrorAlert error={cohorts.error} onRetry={cohorts.reload} />}
      {heat && heat.rows.length === 0 && <p className="muted">{t('analytics.cohorts.empty')}</p>}
      {heat && heat.rows.length > 0 && (
        <div className="table-scroll">
          <table className="heat-table">
            <caption className="visually-hidden">{t(`analytics.cohorts.measures.${measure}`)}</caption>
            <thead>
              <tr>
                <th scope="col">{t('analytics.cohorts.cohort')}</th>
                <th scope="col" className="numeric">
                  {t('analytics.cohorts.accounts')}
                </th>
                {Array.from({ length: heat.months }, (_, month) => (
                  <th key={month} scope="col" className="numeric">
                    {t('analytics.cohorts.month', { month })}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {heat.rows.map((row) => (
                <tr key={row.cohort}>
                  <th scope="row">{row.cohort}</th>
                  <td className="numeric">{num.count(row.accounts)}</td>
                  {row.cells.map((cell) => (
                    <td
                      key={cell.month}
                      className={cell.value === null ? 'numeric heat-empty' : 'numeric'}
                      style={cell.value === null ? undefined : { background: `rgba(0, 114, 178, ${(0.08 + 0.82 * cell.shade).toFixed(3)})`, color: cell.shade > 0.55 ? '#fff' : undefined }}
                    >
                      {cell.value === null ? '' : num.percent(cell.value)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && data.periods.length > 0 && (
        <>
          <h3>{t('analytics.cohorts.periods', { months: data.period_months })}</h3>
          <div className="table-scroll">
            <table className="data-table compact">
              <thead>
                <tr>
                  <th scope="col">{t('analytics.cohorts.window')}</th>
                  <th scope="col" className="numeric">
                    {t('analytics.cohorts.activeAtStart')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('analytics.cohorts.newAccounts')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('analytics.cohorts.churnRate')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('analytics.cohorts.nrr')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('analytics.cohorts.grr')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.periods.map((period) => (
                  <tr key={period.start}>
                    <th scope="row">{t('analytics.cohorts.windowValue', { start: format.date(period.start), end: format.date(period.end) })}</th>
                    <td className="numeric">{num.count(period.active_at_start)}</td>
                    <td className="numeric">{num.count(period.new_accounts)}</td>
                    <td className="numeric">{maybe(period.churn_rate)}</td>
                    <td className="numeric">{maybe(period.net_revenue_retention)}</td>
                    <td className="numeric">{maybe(period.gross_revenue_retention)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p className="help">{t('analytics.cohorts.periodsHow', { days: data.churn_after_days })}</p>
        </>
      )}
    </section>
  );
}
