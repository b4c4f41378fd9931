import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { fetchRetentionProjection, type ProjectionRefusal, type RetentionProjection, type SurvivalPeriod } from '../api/retention-projection';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useResource } from '../common/use-resource';
import { useFormatters } from '../i18n/use-formatters';
import { ExplainedValue } from './ExplainedValue';
import { ProjectionChart } from './ProjectionChart';
import { useAnalyticsFormat } from './use-analytics-format';

const PERIODS: readonly SurvivalPeriod[] = ['month', 'year'];
const HORIZONS: Record<SurvivalPeriod, readonly number[]> = { month: [12, 24, 36], year: [3, 5, 10] };
const REFUSALS = ['no_accounts', 'not_followed_yet', 'too_few_periods', 'too_few_accounts', 'too_few_churned', 'insufficient_data', 'not_converged', 'degenerate'] as const;
type RefusalReason = (typeof REFUSALS)[number];

/** Retention projected with the shifted-beta-geometric model fitted on the acquisition cohorts, next to the observed survival. */
export function ProjectionSection() {
  const { t } = useTranslation();
  const api = useApi();
  const [period, setPeriod] = useState<SurvivalPeriod>('month');
  const [horizon, setHorizon] = useState<number>(24);
  const projection = useResource(`projection:${period}:${horizon}`, (signal) => fetchRetentionProjection(api, { period, horizon }, signal));
  const refusal = refusalOf(projection.error);
  return (
    <section className="card analytics-section" aria-labelledby="projection-heading">
      <h2 id="projection-heading">{t('analytics.projection.heading')}</h2>
      <div className="analytics-controls">
        <div className="field field-inline">
          <label htmlFor="projection-period">{t('analytics.projection.period')}</label>
          <select
            id="projection-period"
            value={period}
            onChange={(e) => {
              const next = e.target.value as SurvivalPeriod;
              setPeriod(next);
              setHorizon(HORIZONS[next][1]!);
            }}
          >
            {PERIODS.map((value) => (
              <option key={value} value={value}>
                {t(`analytics.projection.periods.${value}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="projection-horizon">{t('analytics.projection.horizon')}</label>
          <select id="projection-horizon" value={horizon} onChange={(e) => setHorizon(Number(e.target.value))}>
            {HORIZONS[period].map((value) => (
              <option key={value} value={value}>
                {t(`analytics.projection.ahead.${period}`, { count: value })}
              </option>
            ))}
          </select>
        </div>
      </div>
      {projection.loading && <LoadingBar label={t('analytics.projection.loading')} />}
      {refusal ? (
        <p className="alert alert-warning projection-refused" role="status">
          {t(`analytics.projection.refused.${refusal.reason}`, { ...refusal })}
        </p>
      ) : (
        projection.error !== null && <ErrorAlert error={projection.error} onRetry={projection.reload} />
      )}
      {projection.data && !projection.error && <ProjectionResult data={projection.data} />}
    </section>
  );
}

function ProjectionResult({ data }: { data: RetentionProjection }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const num = useAnalyticsFormat();
  const { period, horizon, fit } = data;
  const last = data.rows.at(-1)!;
  const units = (count: number) => t(`analytics.projection.units.${period}`, { count, value: format.decimal(count) });
  return (
    <>
      <p className="help">
        {data.source === 'orders'
          ? t(`analytics.projection.how.${period}`, { cohorts: num.count(data.cohorts.length), accounts: num.count(data.accounts), days: data.churn_after_days, asOf: format.date(data.as_of) })
          : t('analytics.projection.howTraits', { accounts: num.count(data.accounts) })}
        {data.unobserved_accounts > 0 && <> {t(`analytics.projection.unobserved.${period}`, { count: data.unobserved_accounts, shown: num.count(data.unobserved_accounts) })}</>}
      </p>
      <dl className="explained-list projection-values">
        <ExplainedValue label={t(`analytics.projection.firstChurn.${period}`)} value={num.percent(1 - (data.rows[1]?.retention_rate ?? 1))} how={t('analytics.projection.firstChurnHow')} />
        <ExplainedValue
          label={t('analytics.projection.survivalEnd', { unit: units(last.period) })}
          value={num.percent(last.projected)}
          how={t('analytics.projection.survivalEndHow', { observed: units(fit.periods) })}
        />
        <ExplainedValue
          label={t('analytics.projection.retentionLater', { unit: units(last.period) })}
          value={num.percent(last.retention_rate ?? 1)}
          how={t('analytics.projection.retentionLaterHow', { first: num.percent(data.rows[1]?.retention_rate ?? 1) })}
        />
        <ExplainedValue
          label={t('analytics.projection.median')}
          value={data.median_lifetime === null ? t('analytics.projection.medianNever') : units(data.median_lifetime)}
          how={t('analytics.projection.medianHow')}
        />
        <ExplainedValue
          label={t('analytics.projection.remaining', { unit: units(horizon) })}
          value={units(Math.round(data.rows[0]!.remaining_lifetime * 10) / 10)}
          how={t('analytics.projection.remainingHow', { unit: units(horizon), mean: data.mean_lifetime === null ? t('analytics.projection.meanInfinite') : units(Math.round(data.mean_lifetime * 10) / 10) })}
        />
        <ExplainedValue
          label={t('analytics.projection.fit')}
          value={t('analytics.projection.params', { alpha: num.sig(fit.alpha), beta: num.sig(fit.beta) })}
          how={t('analytics.projection.fitHow', { ll: num.amount(fit.log_likelihood), iterations: fit.iterations, gap: num.percent(fit.mean_absolute_gap), accounts: num.count(data.accounts), churned: num.count(data.churned) })}
        />
      </dl>
      <ProjectionChart rows={data.rows} period={period} />
      <details className="projection-details">
        <summary>{t('analytics.projection.table')}</summary>
        <div className="table-scroll">
          <table className="data-table compact projection-table">
            <thead>
              <tr>
                <th scope="col">{t(`analytics.projection.periods.${period}`)}</th>
                <th scope="col" className="numeric">
                  {t('analytics.projection.atRisk')}
                </th>
                <th scope="col" className="numeric">
                  {t('analytics.projection.churned')}
                </th>
                <th scope="col" className="numeric">
                  {t('analytics.projection.actual')}
                </th>
                <th scope="col" className="numeric">
                  {t('analytics.projection.projected')}
                </th>
                <th scope="col" className="numeric">
                  {t('analytics.projection.retentionRate')}
                </th>
                <th scope="col" className="numeric">
                  {t('analytics.projection.remainingColumn', { unit: units(horizon) })}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((row) => (
                <tr key={row.period} data-period={row.period} className={row.observed ? undefined : 'projected-row'}>
                  <th scope="row">{row.period}</th>
                  <td className="numeric">{row.at_risk === null ? '' : num.count(row.at_risk)}</td>
                  <td className="numeric">{row.churned === null ? '' : num.count(row.churned)}</td>
                  <td className="numeric">{row.actual === null ? '' : num.percent(row.actual)}</td>
                  <td className="numeric">{num.percent(row.projected)}</td>
                  <td className="numeric">{row.retention_rate === null ? '' : num.percent(row.retention_rate)}</td>
                  <td className="numeric">{format.decimal(Math.round(row.remaining_lifetime * 10) / 10)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      <p className="help">{t('analytics.projection.modelHow')}</p>
    </>
  );
}

/** The server's 422 with a reason this section explains in words; null for other failures. */
function refusalOf(error: unknown): (ProjectionRefusal & { reason: RefusalReason }) | null {
  if (!(error instanceof ApiError) || error.status !== 422) return null;
  const problem = error.problem as unknown as ProjectionRefusal;
  const reason = REFUSALS.find((r) => r === problem.reason);
  return reason ? { ...problem, reason } : null;
}
