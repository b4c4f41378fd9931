import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { fetchShareOfWallet } from '../api/wallet';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useResource } from '../common/use-resource';
import { useFormatters } from '../i18n/use-formatters';
import { ExplainedValue } from './ExplainedValue';
import { useAnalyticsFormat } from './use-analytics-format';

const GROUPINGS = ['industry', 'kind', 'country', 'owner', 'stage', 'trait:lead_source'] as const;
const CURRENCY = 'EUR';

/** Share of wallet and profitability over the last 12 months by group, and the accounts with the most headroom. */
export function WalletSection() {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  const num = useAnalyticsFormat();
  const [by, setBy] = useState<string>('industry');
  const wallet = useResource(`wallet:${by}`, (signal) => fetchShareOfWallet(api, { by, top: 10 }, signal));
  const data = wallet.data;
  const money = (v: number | null) => (v === null || !Number.isFinite(v) ? t('common.none') : format.money(v, CURRENCY));
  const share = (v: number | null) => (v === null ? t('common.none') : num.percent(v));
  const widest = data ? Math.max(0.0001, ...data.groups.map((g) => g.share_of_wallet ?? 0)) : 1;
  return (
    <section className="card analytics-section" aria-labelledby="wallet-heading">
      <h2 id="wallet-heading">{t('analytics.wallet.heading')}</h2>
      <div className="field field-inline">
        <label htmlFor="wallet-by">{t('analytics.wallet.by')}</label>
        <select id="wallet-by" value={by} onChange={(e) => setBy(e.target.value)}>
          {GROUPINGS.map((value) => (
            <option key={value} value={value}>
              {t(`analytics.wallet.grouping.${value === 'trait:lead_source' ? 'lead_source' : value}`)}
            </option>
          ))}
        </select>
      </div>
      {wallet.loading && <LoadingBar label={t('analytics.wallet.loading')} />}
      {wallet.error !== null && <ErrorAlert error={wallet.error} onRetry={wallet.reload} />}
      {data && (
        <>
          <dl className="explained-list" aria-label={t('analytics.wallet.totals')}>
            <ExplainedValue
              label={t('analytics.wallet.share')}
              value={share(data.total.share_of_wallet)}
              how={t('analytics.wallet.shareHow', {
                months: data.months,
                known: num.count(data.total.spend_known),
                estimated: num.count(data.total.spend_estimated),
              })}
            />
            <ExplainedValue label={t('analytics.wallet.revenue')} value={money(data.total.revenue)} how={t('analytics.wallet.revenueHow', { months: data.months, date: format.date(data.as_of) })} />
            <ExplainedValue
              label={t('analytics.wallet.profit')}
              value={money(data.total.profit)}
              how={t('analytics.wallet.profitHow', { accounts: num.count(data.total.cost_known), margin: share(data.total.margin) })}
            />
            <ExplainedValue
              label={t('analytics.wallet.estimate')}
              value={money(data.estimate.per_employee_overall)}
              how={t('analytics.wallet.estimateHow')}
            />
          </dl>
          {data.groups.length > 0 && (
            <div className="table-scroll">
              <table className="data-table compact wallet-groups">
                <thead>
                  <tr>
                    <th scope="col">{t('analytics.wallet.group')}</th>
                    <th scope="col" className="numeric">
                      {t('analytics.wallet.accounts')}
                    </th>
                    <th scope="col" className="numeric">
                      {t('analytics.wallet.revenue')}
                    </th>
                    <th scope="col" className="numeric">
                      {t('analytics.wallet.categorySpend')}
                    </th>
                    <th scope="col">{t('analytics.wallet.share')}</th>
                    <th scope="col" className="numeric">
                      {t('analytics.wallet.profit')}
                    </th>
                    <th scope="col" className="numeric">
                      {t('analytics.wallet.margin')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.groups.map((g) => (
                    <tr key={g.group}>
                      <th scope="row">{g.group}</th>
                      <td className="numeric">{num.count(g.accounts)}</td>
                      <td className="numeric">{money(g.revenue)}</td>
                      <td className="numeric">
                        {money(g.category_spend)}
                        <span className="cell-note">{t('analytics.wallet.spendSources', { known: num.count(g.spend_known), estimated: num.count(g.spend_estimated) })}</span>
                      </td>
                      <td className="bar-cell">
                        <span className="bar" style={{ width: `${(100 * (g.share_of_wallet ?? 0)) / widest}%` }} aria-hidden="true" />
                        <span className="bar-label">{share(g.share_of_wallet)}</span>
                      </td>
                      <td className="numeric">{money(g.profit)}</td>
                      <td className="numeric">{share(g.margin)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p className="help">{t('analytics.wallet.groupsHow')}</p>
          <h3 id="wallet-top-heading">{t('analytics.wallet.topHeading')}</h3>
          {data.top_headroom.length === 0 ? (
            <p className="muted">{t('analytics.wallet.topEmpty')}</p>
          ) : (
            <table className="data-table compact wallet-top" aria-labelledby="wallet-top-heading">
              <thead>
                <tr>
                  <th scope="col">{t('analytics.wallet.account')}</th>
                  <th scope="col" className="numeric">
                    {t('analytics.wallet.headroom')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('analytics.wallet.revenue')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('analytics.wallet.categorySpend')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('analytics.wallet.share')}
                  </th>
                  <th scope="col" className="numeric">
                    {t('analytics.wallet.profit')}
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.top_headroom.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">
                      <Link to={`/accounts/${a.id}`}>{a.name}</Link>
                    </th>
                    <td className="numeric">{money(a.headroom)}</td>
                    <td className="numeric">{money(a.revenue)}</td>
                    <td className="numeric">
                      {money(a.category_spend)}
                      {a.spend_source && <span className="cell-note">{t(`analytics.wallet.source.${a.spend_source}`)}</span>}
                    </td>
                    <td className="numeric">{share(a.share_of_wallet)}</td>
                    <td className="numeric">{money(a.profit)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="help">{t('analytics.wallet.topHow')}</p>
        </>
      )}
    </section>
  );
}
