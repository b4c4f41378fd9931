import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountDetail } from '../api/accounts';
import { enumLabel } from '../i18n/enum-label';
import { useFormatters } from '../i18n/use-formatters';

/** The account's own fields as a definition list. */
export function AccountFacts({ account }: { account: AccountDetail }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const rows: [string, ReactNode][] = [
    [t('account.fields.externalId'), account.external_id ? <code>{account.external_id}</code> : null],
    [t('account.fields.kind'), enumLabel(t, 'kind', account.kind)],
    [t('account.fields.domain'), account.domain],
    [t('account.fields.industry'), account.industry],
    [t('account.fields.employees'), account.employees === null ? null : format.number(account.employees)],
    [t('account.fields.country'), account.country ? format.country(account.country) : null],
    [t('account.fields.owner'), account.owner],
    [t('account.fields.created'), <time dateTime={account.created_at}>{format.dateTime(account.created_at)}</time>],
    [t('account.fields.updated'), <time dateTime={account.updated_at}>{format.dateTime(account.updated_at)}</time>],
  ];
  return (
    <section className="card" aria-labelledby="details-heading">
      <h2 id="details-heading">{t('account.details')}</h2>
      <dl className="facts">
        {rows.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value ?? <span className="muted">{t('common.none')}</span>}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
