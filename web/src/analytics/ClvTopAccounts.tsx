import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { ClvTopAccount } from '../api/analytics';
import { useAnalyticsFormat } from './use-analytics-format';

/** The accounts with the highest CLV, each linking to its page. */
export function ClvTopAccounts({ accounts }: { accounts: readonly ClvTopAccount[] }) {
  const { t } = useTranslation();
  const num = useAnalyticsFormat();
  const maybe = (value: number | null, show: (v: number) => string) => (value === null ? t('common.none') : show(value));
  return (
    <section className="clv-top" aria-labelledby="clv-top-heading">
      <h3 id="clv-top-heading">{t('analytics.clv.top')}</h3>
      <p className="help">{t('analytics.clv.topHow')}</p>
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">{t('analytics.clv.account')}</th>
            <th scope="col" className="numeric">
              {t('analytics.metric.clv')}
            </th>
            <th scope="col" className="numeric">
              {t('analytics.metric.p_active')}
            </th>
            <th scope="col" className="numeric">
              {t('analytics.metric.expected_purchases')}
            </th>
            <th scope="col" className="numeric">
              {t('analytics.metric.expected_spend')}
            </th>
          </tr>
        </thead>
        <tbody>
          {accounts.map((account) => (
            <tr key={account.id}>
              <th scope="row">
                <Link to={`/accounts/${account.id}`}>{account.name}</Link>
              </th>
              <td className="numeric">{num.amount(account.clv)}</td>
              <td className="numeric">{maybe(account.p_active, num.percent)}</td>
              <td className="numeric">{maybe(account.expected_purchases, num.sig)}</td>
              <td className="numeric">{maybe(account.expected_spend, num.amount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
