import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchRecommendationEvaluation, mineRecommendationRules, type OfferQuality } from '../api/recommendations';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useResource } from '../common/use-resource';
import { useFormatters } from '../i18n/use-formatters';
import { useAnalyticsFormat } from './use-analytics-format';

/** How good the next-best offers are: precision and recall at k on a time split, against offering the most popular products. */
export function OfferQualitySection() {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  const num = useAnalyticsFormat();
  const evaluation = useResource('offer-quality', (signal) => fetchRecommendationEvaluation(api, signal));
  const [mining, setMining] = useState(false);
  const [mined, setMined] = useState<{ rules: number; accounts: number } | null>(null);
  const [mineError, setMineError] = useState<unknown>(null);
  const data = evaluation.data;
  const mine = async () => {
    setMining(true);
    setMineError(null);
    try {
      const result = await mineRecommendationRules(api);
      setMined({ rules: result.rules.length, accounts: result.accounts });
    } catch (error) {
      setMineError(error);
    } finally {
      setMining(false);
    }
  };
  const baselineAt = (k: number): OfferQuality | undefined => data?.most_popular.find((q) => q.k === k);
  const cell = (value: number, baseline: number | undefined) => (
    <td className="numeric quality-cell">
      <span className="quality-bar" style={{ width: `${Math.round(100 * value)}%` }} aria-hidden="true" />
      <span>{num.percent(value)}</span>
      {baseline !== undefined && <span className="cell-note">{t('analytics.offers.baselineValue', { value: num.percent(baseline) })}</span>}
    </td>
  );
  return (
    <section className="card analytics-section" aria-labelledby="offers-heading">
      <div className="section-head">
        <h2 id="offers-heading">{t('analytics.offers.heading')}</h2>
        <button type="button" onClick={mine} disabled={mining}>
          {t('analytics.offers.mine')}
        </button>
      </div>
      {mining && <LoadingBar label={t('analytics.offers.mining')} />}
      {mined && <p className="alert alert-success" role="status">{t('analytics.offers.mined', { rules: num.count(mined.rules), accounts: num.count(mined.accounts) })}</p>}
      {mineError !== null && <ErrorAlert error={mineError} />}
      {evaluation.loading && <LoadingBar label={t('analytics.offers.loading')} />}
      {evaluation.error !== null && <ErrorAlert error={evaluation.error} onRetry={evaluation.reload} />}
      {data && (
        <>
          <p className="help">
            {t('analytics.offers.how', {
              split: format.date(data.split_at),
              end: format.date(data.end_at),
              accounts: num.count(data.accounts),
              rules: num.count(data.rules),
            })}
          </p>
          <table className="data-table compact offer-quality">
            <thead>
              <tr>
                <th scope="col">{t('analytics.offers.k')}</th>
                <th scope="col" className="numeric">
                  {t('analytics.offers.precision')}
                </th>
                <th scope="col" className="numeric">
                  {t('analytics.offers.recall')}
                </th>
                <th scope="col" className="numeric">
                  {t('analytics.offers.hitRate')}
                </th>
              </tr>
            </thead>
            <tbody>
              {data.association_rules.map((q) => {
                const base = baselineAt(q.k);
                return (
                  <tr key={q.k} data-k={q.k}>
                    <th scope="row">{t('analytics.offers.atK', { k: q.k })}</th>
                    {cell(q.precision, base?.precision)}
                    {cell(q.recall, base?.recall)}
                    {cell(q.hit_rate, base?.hit_rate)}
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="help">{t('analytics.offers.columnsHow')}</p>
        </>
      )}
    </section>
  );
}
