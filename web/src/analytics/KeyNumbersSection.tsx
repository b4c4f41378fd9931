import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useFormatters } from '../i18n/use-formatters';
import { trendOf, type KeyNumber } from './key-numbers';
import { useAnalyticsFormat } from './use-analytics-format';
import { useKeyNumbers, type KeyNumberFacts } from './use-key-numbers';

const CURRENCY = 'EUR';

/** The dashboard: the key numbers of the customer base, their trend against the window before, and how each was computed. */
export function KeyNumbersSection() {
  const { t } = useTranslation();
  const format = useFormatters();
  const num = useAnalyticsFormat();
  const key = useKeyNumbers();
  const data = key.data;
  const show = (n: KeyNumber, value: number) => (n.kind === 'rate' ? num.percent(value) : n.kind === 'money' ? format.money(value, CURRENCY) : num.count(value));
  const how = (n: KeyNumber, facts: KeyNumberFacts) =>
    t(`analytics.dashboard.how.${n.key}`, {
      months: facts.periodMonths ?? 12,
      days: facts.churnAfterDays ?? 0,
      date: facts.asOf ? format.date(facts.asOf) : t('common.none'),
      known: num.count(facts.spendKnown ?? 0),
      estimated: num.count(facts.spendEstimated ?? 0),
      costKnown: num.count(facts.costKnown ?? 0),
      prospects: num.count(facts.prospects ?? 0),
      leavers: num.count(facts.leavers ?? 0),
    });
  return (
    <section className="card analytics-section dashboard" aria-labelledby="dashboard-heading">
      <h2 id="dashboard-heading">{t('analytics.dashboard.heading')}</h2>
      {key.loading && <LoadingBar label={t('analytics.dashboard.loading')} />}
      {key.error !== null && <ErrorAlert error={key.error} onRetry={key.reload} />}
      {data && (
        <>
          <dl className="key-numbers">
            {data.numbers.map((n) => {
              const trend = trendOf(n);
              return (
                <div key={n.key} className="key-number" data-key={n.key}>
                  <dt>{t(`analytics.dashboard.label.${n.key}`)}</dt>
                  <dd>
                    <span className="explained-number">{n.value === null ? t('analytics.dashboard.noValue') : show(n, n.value)}</span>
                    {trend && (
                      <span className={`trend trend-${trend.good === null ? 'flat' : trend.good ? 'good' : 'bad'}`}>
                        {t(`analytics.dashboard.trend.${trend.direction}`, {
                          delta:
                            n.kind === 'rate'
                              ? t('analytics.dashboard.points', { value: format.decimal(Math.abs(trend.delta) * 100) })
                              : show(n, Math.abs(trend.delta)),
                          previous: show(n, n.previous!),
                        })}
                      </span>
                    )}
                    {n.series.filter((v) => v !== null).length > 2 && <Sparkline values={n.series} />}
                    <span className="explained-how">{how(n, data.facts)}</span>
                  </dd>
                </div>
              );
            })}
          </dl>
          {data.failures.map((failure) => (
            <div key={failure.source} className="dashboard-failure">
              <p className="muted">{t(`analytics.dashboard.failed.${failure.source}`)}</p>
              <ErrorAlert error={failure.error} />
            </div>
          ))}
        </>
      )}
    </section>
  );
}

/** The value per window, oldest to newest, as a small line. */
function Sparkline({ values }: { values: (number | null)[] }) {
  const { t } = useTranslation();
  const known = values.filter((v): v is number => v !== null);
  const min = Math.min(...known);
  const max = Math.max(...known);
  const span = max - min || 1;
  const step = values.length > 1 ? 80 / (values.length - 1) : 0;
  const points = values
    .map((v, i) => (v === null ? null : `${(i * step).toFixed(1)},${(18 - (16 * (v - min)) / span).toFixed(1)}`))
    .filter((p): p is string => p !== null)
    .join(' ');
  return (
    <svg className="sparkline" viewBox="-2 0 84 20" width="84" height="20" role="img" aria-label={t('analytics.dashboard.sparkline', { count: values.length })}>
      <polyline points={points} />
    </svg>
  );
}
