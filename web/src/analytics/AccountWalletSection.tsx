import { useTranslation } from 'react-i18next';
import { fetchAccountWallet } from '../api/wallet';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useResource } from '../common/use-resource';
import { useFormatters } from '../i18n/use-formatters';
import { ExplainedValue } from './ExplainedValue';
import { useAnalyticsFormat } from './use-analytics-format';
import './analytics.css';

const CURRENCY = 'EUR';

/** The account's share of wallet and profit over the last 12 months, with where the spend figure comes from. */
export function AccountWalletSection({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  const num = useAnalyticsFormat();
  const wallet = useResource(`account-wallet:${accountId}`, (signal) => fetchAccountWallet(api, accountId, signal));
  const w = wallet.data;
  const money = (v: number | null) => (v === null ? t('common.none') : format.money(v, CURRENCY));
  return (
    <section className="card" aria-labelledby="account-wallet-heading">
      <h2 id="account-wallet-heading">{t('analytics.accountWallet.heading')}</h2>
      {wallet.loading && !w && <LoadingBar label={t('analytics.accountWallet.loading')} />}
      {wallet.error !== null && <ErrorAlert error={wallet.error} onRetry={wallet.reload} />}
      {w && (
        <dl className="explained-list">
          <ExplainedValue label={t('analytics.wallet.revenue')} value={money(w.revenue)} how={t('analytics.accountWallet.revenueHow')} />
          <ExplainedValue
            label={t('analytics.wallet.categorySpend')}
            value={money(w.category_spend)}
            how={t(`analytics.accountWallet.spendHow.${w.spend_source ?? 'none'}`)}
          />
          <ExplainedValue
            label={t('analytics.wallet.share')}
            value={w.share_of_wallet === null ? t('common.none') : num.percent(w.share_of_wallet)}
            how={w.share_of_wallet === null ? t('analytics.accountWallet.shareMissing') : t('analytics.accountWallet.shareHow', { headroom: money(w.headroom) })}
          />
          <ExplainedValue
            label={t('analytics.wallet.profit')}
            value={money(w.profit)}
            how={
              w.profit === null
                ? t('analytics.accountWallet.profitMissing')
                : t('analytics.accountWallet.profitHow', { cost: money(w.cost_to_serve), incentives: money(w.incentives) })
            }
          />
        </dl>
      )}
    </section>
  );
}
