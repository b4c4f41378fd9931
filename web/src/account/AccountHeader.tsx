import { useTranslation } from 'react-i18next';
import type { AccountDetail } from '../api/accounts';
import { enumLabel } from '../i18n/enum-label';
import { useFormatters } from '../i18n/use-formatters';

/** Name, type and the three key figures of the account. */
export function AccountHeader({ account }: { account: AccountDetail }) {
  const { t } = useTranslation();
  const format = useFormatters();
  return (
    <header className="account-header">
      <div>
        <h1>{account.name}</h1>
        <p className="muted">
          <span className="badge">{enumLabel(t, 'kind', account.kind)}</span>
          {account.domain && <span> · {account.domain}</span>}
          {account.industry && <span> · {account.industry}</span>}
          {account.country && <span> · {format.country(account.country)}</span>}
        </p>
      </div>
      <dl className="stats" aria-label={t('account.stats.label')}>
        <div>
          <dt>{t('account.stats.contacts')}</dt>
          <dd>{format.number(account.contact_count)}</dd>
        </div>
        <div>
          <dt>{t('account.stats.orders')}</dt>
          <dd>{format.number(account.order_count)}</dd>
        </div>
        <div>
          <dt>{t('account.stats.revenue')}</dt>
          <dd>{format.money(account.revenue, 'EUR')}</dd>
        </div>
      </dl>
    </header>
  );
}
