import { useTranslation } from 'react-i18next';
import type { ClvReport } from '../api/analytics';
import { ExplainedValue } from './ExplainedValue';
import { useAnalyticsFormat } from './use-analytics-format';

type Distribution = NonNullable<ClvReport['distribution']>;

/** CLV by decile of accounts (1 = the tenth with the highest CLV) as bars of their share of all CLV. */
export function ClvDistribution({ distribution }: { distribution: Distribution }) {
  const { t } = useTranslation();
  const num = useAnalyticsFormat();
  const widest = Math.max(0, ...distribution.deciles.map((d) => d.share));
  return (
    <section className="clv-distribution" aria-labelledby="clv-distribution-heading">
      <h3 id="clv-distribution-heading">{t('analytics.clv.distribution')}</h3>
      <dl className="explained-list">
        <ExplainedValue label={t('analytics.clv.total')} value={num.amount(distribution.total)} how={t('analytics.clv.totalHow', { accounts: num.count(distribution.accounts) })} />
        <ExplainedValue label={t('analytics.clv.mean')} value={num.amount(distribution.mean)} how={t('analytics.clv.meanHow')} />
      </dl>
      <p className="help">{t('analytics.clv.decilesHow')}</p>
      <table className="decile-bars">
        <caption className="visually-hidden">{t('analytics.clv.distribution')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('analytics.clv.decile')}</th>
            <th scope="col">{t('analytics.clv.share')}</th>
            <th scope="col" className="numeric">
              {t('analytics.clv.decileMean')}
            </th>
            <th scope="col" className="numeric">
              {t('analytics.clv.decileRange')}
            </th>
          </tr>
        </thead>
        <tbody>
          {distribution.deciles.map((d) => (
            <tr key={d.decile}>
              <th scope="row">{t('analytics.clv.decileName', { decile: d.decile })}</th>
              <td className="bar-cell">
                <span className="bar" style={{ width: `${widest > 0 ? (100 * d.share) / widest : 0}%` }} aria-hidden="true" />
                <span className="bar-label">{num.percent(d.share)}</span>
              </td>
              <td className="numeric">{num.amount(d.mean)}</td>
              <td className="numeric">{t('analytics.clv.range', { min: num.amount(d.min), max: num.amount(d.max) })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
