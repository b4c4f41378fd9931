import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchLifecycleFlows, type FunnelPeriod, type LifecycleFlows } from '../api/funnel';
import { localized } from '../api/lifecycle';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useResource } from '../common/use-resource';
import { useFormatters } from '../i18n/use-formatters';
import { periodQuery } from '../lifecycle/board-period';
import { DateRangeFields, lastIncluded, lastYear } from './DateRangeFields';
import { LifecycleSankey } from './LifecycleSankey';
import { useAnalyticsFormat } from './use-analytics-format';

const PERIODS = ['', 'quarter', 'month'] as const;

/** How accounts moved between the lifecycle stages over a chosen period (default the last year): a Sankey, the moves per period and the time to each stage. */
export function LifecycleSankeySection() {
  const { t, i18n } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  const num = useAnalyticsFormat();
  const [period, setPeriod] = useState<string>('quarter');
  const [shown, setShown] = useState<string>('');
  const [range, setRange] = useState(lastYear);
  const query = periodQuery(range);
  const flows = useResource(`flows:${period}:${query?.from ?? ''}:${query?.to ?? ''}`, (signal) =>
    query ? fetchLifecycleFlows(api, { period: (period || null) as FunnelPeriod | null, ...query }, signal) : Promise.resolve(null),
  );
  const data = flows.data ?? undefined;
  const nameOf = (key: string | null) => stageName(data, key, i18n.language, t('analytics.flows.start'));
  const periodLinks = data && shown ? (data.periods.find((p) => p.period === shown)?.links ?? []) : (data?.links ?? []);
  return (
    <section className="card analytics-section" aria-labelledby="flows-heading">
      <h2 id="flows-heading">{t('analytics.flows.heading')}</h2>
      <div className="analytics-controls">
        <div className="field field-inline">
          <label htmlFor="flows-period">{t('analytics.flows.split')}</label>
          <select
            id="flows-period"
            value={period}
            onChange={(e) => {
              setPeriod(e.target.value);
              setShown('');
            }}
          >
            {PERIODS.map((value) => (
              <option key={value} value={value}>
                {t(`analytics.period.${value || 'none'}`)}
              </option>
            ))}
          </select>
        </div>
        <DateRangeFields
          id="flows-range"
          value={range}
          onChange={(next) => {
            setRange(next);
            setShown('');
          }}
        />
        {data && data.periods.length > 0 && (
          <div className="field field-inline">
            <label htmlFor="flows-shown">{t('analytics.flows.shown')}</label>
            <select id="flows-shown" value={shown} onChange={(e) => setShown(e.target.value)}>
              <option value="">{t('analytics.flows.wholeRange')}</option>
              {data.periods.map((p) => (
                <option key={p.period} value={p.period}>
                  {p.period}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      {flows.loading && <LoadingBar label={t('analytics.flows.loading')} />}
      {flows.error !== null && <ErrorAlert error={flows.error} onRetry={flows.reload} />}
      {data && (
        <>
          <p className="help">{t('analytics.flows.how', { from: format.date(data.from), to: format.date(lastIncluded(data.to)) })}</p>
          {periodLinks.length === 0 ? (
            <p className="muted">{t('analytics.flows.empty')}</p>
          ) : (
            <div className="flows-grid">
              <LifecycleSankey stages={data.stages.map((s) => s.key)} links={periodLinks} nameOf={nameOf} />
              <table className="data-table compact flows-table">
                <caption>{t('analytics.flows.moves')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('analytics.flows.from')}</th>
                    <th scope="col">{t('analytics.flows.to')}</th>
                    <th scope="col" className="numeric">
                      {t('analytics.flows.count')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {[...periodLinks]
                    .sort((a, b) => b.count - a.count)
                    .map((link) => (
                      <tr key={`${link.from ?? ''}>${link.to}`}>
                        <td>{nameOf(link.from)}</td>
                        <td>{nameOf(link.to)}</td>
                        <td className="numeric">{num.count(link.count)}</td>
                      </tr>
                    ))}
                </tbody>
              </table>
            </div>
          )}
          {data.time_to_stage.length > 0 && (
            <>
              <h3>{t('analytics.flows.timeToStage')}</h3>
              <table className="data-table compact time-to-stage">
                <thead>
                  <tr>
                    <th scope="col">{t('analytics.flows.stage')}</th>
                    <th scope="col" className="numeric">
                      {t('analytics.flows.subjects')}
                    </th>
                    <th scope="col" className="numeric">
                      {t('analytics.flows.medianDays')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.time_to_stage.map((row) => (
                    <tr key={row.stage}>
                      <th scope="row">{nameOf(row.stage)}</th>
                      <td className="numeric">{num.count(row.subjects)}</td>
                      <td className="numeric">{row.median_days === null ? t('common.none') : format.decimal(row.median_days)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="help">{t('analytics.flows.timeHow')}</p>
            </>
          )}
        </>
      )}
    </section>
  );
}

function stageName(data: LifecycleFlows | undefined, key: string | null, language: string, start: string): string {
  if (key === null) return start;
  const stage = data?.stages.find((s) => s.key === key);
  return stage ? localized(stage.name, language) : key;
}
