import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchAidaFunnel, type FunnelPeriod } from '../api/funnel';
import { localized } from '../api/lifecycle';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useResource } from '../common/use-resource';
import { useFormatters } from '../i18n/use-formatters';
import { periodQuery } from '../lifecycle/board-period';
import { DateRangeFields, lastIncluded, lastYear } from './DateRangeFields';
import { useAnalyticsFormat } from './use-analytics-format';

/** Groupings the server takes for `by` ('' = all prospects together). */
const GROUPINGS = ['', 'trait:lead_source', 'kind', 'country', 'industry', 'owner'] as const;
const PERIODS = ['', 'quarter', 'month'] as const;

/** The AIDA funnel of prospects: per step how many reached it, the conversion from the step before and the median days to the next. */
export function FunnelSection() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  const num = useAnalyticsFormat();
  const [by, setBy] = useState<string>('trait:lead_source');
  const [period, setPeriod] = useState<string>('');
  const [range, setRange] = useState(lastYear);
  const query = periodQuery(range);
  const funnel = useResource(`funnel:${by}:${period}:${query?.from ?? ''}:${query?.to ?? ''}`, (signal) =>
    query ? fetchAidaFunnel(api, { by: by || null, period: (period || null) as FunnelPeriod | null, ...query }, signal) : Promise.resolve(null),
  );
  const data = funnel.data;
  const groupName = (group: string) => (data?.by ? group : t('analytics.funnel.all'));
  return (
    <section className="card analytics-section" aria-labelledby="funnel-heading">
      <h2 id="funnel-heading">{t('analytics.funnel.heading')}</h2>
      <div className="analytics-controls">
        <div className="field field-inline">
          <label htmlFor="funnel-by">{t('analytics.funnel.by')}</label>
          <select id="funnel-by" value={by} onChange={(e) => setBy(e.target.value)}>
            {GROUPINGS.map((value) => (
              <option key={value} value={value}>
                {t(`analytics.funnel.grouping.${value === 'trait:lead_source' ? 'lead_source' : value || 'none'}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="funnel-period">{t('analytics.funnel.period')}</label>
          <select id="funnel-period" value={period} onChange={(e) => setPeriod(e.target.value)}>
            {PERIODS.map((value) => (
              <option key={value} value={value}>
                {t(`analytics.period.${value || 'none'}`)}
              </option>
            ))}
          </select>
        </div>
        <DateRangeFields id="funnel-range" value={range} onChange={setRange} />
      </div>
      {funnel.loading && <LoadingBar label={t('analytics.funnel.loading')} />}
      {funnel.error !== null && <ErrorAlert error={funnel.error} onRetry={funnel.reload} />}
      {data && (
        <>
          <p className="help">{t('analytics.funnel.how', { from: format.date(data.from), to: format.date(lastIncluded(data.to)) })}</p>
          {data.rows.length === 0 ? (
            <p className="muted">{t('analytics.funnel.empty')}</p>
          ) : (
            <div className="table-scroll">
              <table className="data-table compact funnel-table">
                <thead>
                  <tr>
                    {data.period && <th scope="col">{t('analytics.funnel.periodColumn')}</th>}
                    <th scope="col">{t('analytics.funnel.group')}</th>
                    <th scope="col" className="numeric">
                      {t('analytics.funnel.entered')}
                    </th>
                    {data.steps.map((step) => (
                      <th key={step.key} scope="col">
                        {localized(step.name, i18n.language)}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {data.rows.map((row) => (
                    <tr key={`${row.period ?? ''}|${row.group}`}>
                      {data.period && <td>{row.period}</td>}
                      <th scope="row">{groupName(row.group)}</th>
                      <td className="numeric">{num.count(row.entered)}</td>
                      {row.steps.map((step, index) => (
                        <td key={step.key} className="funnel-step" data-step={step.key}>
                          <span className="funnel-bar" style={{ width: `${row.entered > 0 ? (100 * step.reached) / row.entered : 0}%` }} aria-hidden="true" />
                          <span className="funnel-reached">{num.count(step.reached)}</span>
                          <span className="funnel-detail">
                            {index === 0 || step.conversion === null ? t('analytics.funnel.start') : t('analytics.funnel.conversion', { value: num.percent(step.conversion) })}
                          </span>
                          <span className="funnel-detail">
                            {step.median_days_to_next === null
                              ? t('analytics.funnel.noMedian')
                              : t('analytics.funnel.medianDays', { days: format.decimal(step.median_days_to_next) })}
                          </span>
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p className="help">{t('analytics.funnel.columnsHow')}</p>
        </>
      )}
    </section>
  );
}
