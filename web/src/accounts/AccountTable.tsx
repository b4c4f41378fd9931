import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { AccountLinkState } from '../account/AccountPage';
import type { Account, AccountSort } from '../api/accounts';
import { enumLabel } from '../i18n/enum-label';
import { useFormatters } from '../i18n/use-formatters';
import { SortableHeader } from './SortableHeader';

interface Props {
  accounts: Account[];
  sort: AccountSort;
  page: number;
  busy: boolean;
  onSort: (sort: AccountSort) => void;
}

export function AccountTable({ accounts, sort, page, busy, onSort }: Props) {
  const { t } = useTranslation();
  const format = useFormatters();
  const linkState: AccountLinkState = { listSearch: useLocation().search };
  return (
    <div className="table-scroll">
      <table className="data-table account-table" aria-busy={busy}>
        <caption className="visually-hidden">{t('accounts.caption', { page })}</caption>
        <thead>
          <tr>
            <SortableHeader column="name" label={t('accounts.columns.name')} sort={sort} onSort={onSort} />
            <th scope="col" className="hide-narrow">{t('accounts.columns.domain')}</th>
            <th scope="col">{t('accounts.columns.country')}</th>
            <th scope="col" className="hide-narrow">{t('accounts.columns.industry')}</th>
            <th scope="col" className="hide-narrow">{t('accounts.columns.owner')}</th>
            <th scope="col" className="hide-narrow">{t('accounts.columns.kind')}</th>
            <SortableHeader column="created_at" label={t('accounts.columns.created')} sort={sort} onSort={onSort} className="hide-narrow" />
            <SortableHeader column="updated_at" label={t('accounts.columns.updated')} sort={sort} onSort={onSort} />
          </tr>
        </thead>
        <tbody>
          {accounts.map((account) => (
            <tr key={account.id}>
              <th scope="row">
                <Link to={`/accounts/${account.id}`} state={linkState}>{account.name}</Link>
              </th>
              <td className="hide-narrow">{account.domain ?? ''}</td>
              <td>{account.country ? format.country(account.country) : ''}</td>
              <td className="hide-narrow">{account.industry ?? ''}</td>
              <td className="hide-narrow">{account.owner ?? ''}</td>
              <td className="hide-narrow">{enumLabel(t, 'kind', account.kind)}</td>
              <td className="hide-narrow">
                <time dateTime={account.created_at}>{format.date(account.created_at)}</time>
              </td>
              <td>
                <time dateTime={account.updated_at}>{format.date(account.updated_at)}</time>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
