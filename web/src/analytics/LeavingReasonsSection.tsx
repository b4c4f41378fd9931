import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchLeavingReasons, type LeavingReasons } from '../api/leaving-reasons';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useResource } from '../common/use-resource';
import { useFormatters } from '../i18n/use-formatters';
import { reasonLabel } from './reason-label';
import { useAnalyticsFormat } from './use-analytics-format';

const WINDOWS = [12, 24, 36] as const;
const CURRENCY = 'EUR';
/** The groupings of the retention section ('' = overall only). */
const GROUPINGS = ['', 'kind', 'country', 'industry', 'owner', 'stage'] as const;

/** Why customers left: each leaver's latest reason as bars, with the revenue it cost and the median tenure; optionally the reasons per group. */
export function LeavingReasonsSection() {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  const num = useAnalyticsFormat();
  const [months, setMonths] = useState<number>(24);
  const [by, setBy] = useState<string>('');
  const reasons = useResource(`leaving:${months}:${by}`, (signal) => fetchLeavingReasons(api, { months, by: by || null }, signal));
  const data = reasons.data;
  const widest = data ? Math.max(0, ...data.reasons.map((r) => r.share)) : 0;
  return (
    <section className="card analytics-section" aria-labelledby="leaving-heading">
      <h2 id="leaving-heading">{t('analytics.leaving.heading')}</h2>
      <div className="analytics-controls">
        <div className="field field-inline">
          <label htmlFor="leaving-months">{t('analytics.leaving.window')}</label>
          <select id="leaving-months" value={months} onChange={(e) => setMonths(Number(e.target.value))}>
            {WINDOWS.map((value) => (
              <option key={value} value={value}>
                {t('analytics.leaving.months', { count: value })}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor="leaving-by">{t('analytics.leaving.by')}</label>
          <select id="leaving-by" value={by} onChange={(e) => setBy(e.target.value)}>
            {GROUPINGS.map((value) => (
              <option key={value} value={value}>
                {t(`analytics.retention.grouping.${value || 'none'}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {reasons.loading && <LoadingBar label={t('analytics.leaving.loading')} />}
      {reasons.error !== null && <ErrorAlert error={reasons.error} onRetry={reasons.reload} />}
      {data && (
        <>
          <p className="help">{t('analytics.leaving.how', { event: data.event, leavers: num.count(data.leavers), date: format.date(data.as_of) })}</p>
          {data.reasons.length === 0 ? (
            <p className="muted">{t('analytics.leaving.empty')}</p>
          ) : (
            <table className="decile-bars leaving-bars">
              <caption className="visually-hidden">{t('analytics.leaving.heading')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('analytics.leaving.reason')}</th>
                  <th scope="col">{t('analytics.leaving.share')}</th>
                  <th scope="col" className="numeric">
                    {t('analytics.leaving.accounts')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('analytics.leaving.revenueLost')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('analytics.leaving.tenure')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.reasons.map((r) => (
                  <tr key={r.reason}>
                    <th scope="row">{reasonLabel(t, r.reason)}</th>
                    <td className="bar-cell">
                      <span className="bar" style={{ width: `${widest > 0 ? (100 * r.share) / widest : 0}%` }} aria-hidden="true" />
                      <span className="bar-label">{num.percent(r.share)}</span>
                    </td>
                    <td className="numeric">{num.count(r.accounts)}</td>
                    <td className="numeric">{format.money(r.revenue_lost, CURRENCY)}</td>
                    <td className="numeric">{r.median_tenure_days === null ? t('common.none') : t('analytics.leaving.days', { days: format.decimal(r.median_tenure_days) })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="help">{t('analytics.leaving.columnsHow')}</p>
          {data.by && data.groups.length > 0 && <ReasonsByGroup data={data} />}
        </>
      )}
    </section>
  );
}

/** The reasons (rows, in the overall order) per group (columns): the share of the group's leavers who gave each. */
function ReasonsByGroup({ data }: { data: LeavingReasons }) {
  const { t } = useTranslation();
  const num = useAnalyticsFormat();
  return (
    <>
      <h3>{t('analytics.leaving.byGroup')}</h3>
      <div className="table-scroll">
        <table className="data-table compact leaving-groups">
          <thead>
            <tr>
              <th scope="col">{t('analytics.leaving.reason')}</th>
              {data.groups.map((g) => (
                <th key={g.group} scope="col" className="numeric" data-group={g.group}>
                  {t('analytics.leaving.groupHeader', { group: g.group, leavers: num.count(g.leavers) })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.reasons.map((r) => (
              <tr key={r.reason} data-reason={r.reason}>
                <th scope="row">{reasonLabel(t, r.reason)}</th>
                {data.groups.map((g) => {
                  const cell = g.reasons.find((x) => x.reason === r.reason);
                  return (
                    <td key={g.group} className="numeric" data-group={g.group}>
                      {cell ? t('analytics.leaving.cell', { share: num.percent(cell.share), accounts: num.count(cell.accounts) }) : ''}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="help">{t('analytics.leaving.groupHow')}</p>
    </>
  );
}
