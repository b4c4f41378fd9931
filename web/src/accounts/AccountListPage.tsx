import { useTranslation } from 'react-i18next';
import { listAccounts } from '../api/accounts';
import { useDocumentTitle } from '../app/use-document-title';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { Pager } from '../common/Pager';
import { useResource } from '../common/use-resource';
import { AccountFilters } from './AccountFilters';
import { AccountSearchBox } from './AccountSearchBox';
import { AccountSortSelect } from './AccountSortSelect';
import { AccountTable } from './AccountTable';
import { useAccountListParams } from './use-account-list-params';

export function AccountListPage() {
  const { t } = useTranslation();
  const api = useApi();
  const { query, page, hasPrevious, setFilters, nextPage, previousPage } = useAccountListParams();
  const list = useResource(JSON.stringify(query), (signal) => listAccounts(api, query, signal));
  useDocumentTitle(t('accounts.title'));

  const accounts = list.data?.data ?? [];
  const nextCursor = list.data?.next_cursor ?? null;
  return (
    <section className="page" aria-labelledby="accounts-heading">
      <div className="page-head">
        <h1 id="accounts-heading">{t('accounts.title')}</h1>
        <AccountSortSelect value={query.sort} onChange={(sort) => setFilters({ sort })} />
      </div>
      <AccountSearchBox value={query.q} onSearch={(q) => setFilters({ q }, { replace: true })} />
      <AccountFilters query={query} onChange={setFilters} />
      <div className="list-status">{list.loading && <LoadingBar label={t('accounts.loading')} />}</div>
      {list.error !== null && <ErrorAlert error={list.error} onRetry={list.reload} />}
      {list.data && accounts.length === 0 && !list.loading && (
        <p className="empty" role="status">
          {t('accounts.empty')}
        </p>
      )}
      {accounts.length > 0 && (
        <AccountTable accounts={accounts} sort={query.sort} page={page} busy={list.loading} onSort={(sort) => setFilters({ sort })} />
      )}
      <Pager
        page={page}
        hasPrevious={hasPrevious}
        hasNext={nextCursor !== null}
        busy={list.loading}
        onPrevious={previousPage}
        onNext={() => nextCursor && nextPage(nextCursor)}
      />
    </section>
  );
}
