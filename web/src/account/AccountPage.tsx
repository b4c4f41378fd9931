import { Link, useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { fetchAccount } from '../api/accounts';
import { listAccountContacts } from '../api/contacts';
import { useDocumentTitle } from '../app/use-document-title';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { TraitList } from '../common/TraitList';
import { usePagedList } from '../common/use-paged-list';
import { useResource } from '../common/use-resource';
import { AccountMetricsSection } from '../analytics/AccountMetricsSection';
import { AccountOffersSection } from '../analytics/AccountOffersSection';
import { AccountWalletSection } from '../analytics/AccountWalletSection';
import { CareCalendarSection } from '../care/CareCalendarSection';
import { ContactCareCalendar } from '../care/ContactCareCalendar';
import { StageSection } from '../lifecycle/StageSection';
import { AccountFacts } from './AccountFacts';
import { AccountHeader } from './AccountHeader';
import { AccountSegmentsSection } from './AccountSegmentsSection';
import { ContactsSection } from './ContactsSection';
import { OrdersSection } from './OrdersSection';
import { TimelineSection } from './TimelineSection';

export interface AccountLinkState {
  /** The list's query string, to go back to the same list. */
  listSearch?: string;
}

export function AccountPage() {
  const { t } = useTranslation();
  const api = useApi();
  const { id = '' } = useParams();
  const location = useLocation();
  const account = useResource(`account:${id}`, (signal) => fetchAccount(api, id, signal));
  // The contacts are shared: their section lists them, the timeline names them.
  const contacts = usePagedList(`contacts:${id}`, (cursor, signal) => listAccountContacts(api, id, cursor, signal));
  useDocumentTitle(account.data?.name ?? t('account.loading'));

  const listSearch = (location.state as AccountLinkState | null)?.listSearch ?? '';
  return (
    <article className="page account-page" aria-busy={account.loading}>
      <p className="back-link">
        <Link to={`/accounts${listSearch}`}>
          <span aria-hidden="true">← </span>
          {t('account.back')}
        </Link>
      </p>
      {account.loading && !account.data && <LoadingBar label={t('account.loading')} />}
      {account.error !== null && <ErrorAlert error={account.error} onRetry={account.reload} />}
      {account.data && (
        <>
          <AccountHeader account={account.data} />
          <div className="account-grid">
            <AccountFacts account={account.data} />
            <section className="card" aria-labelledby="traits-heading">
              <h2 id="traits-heading">{t('account.traits')}</h2>
              <TraitList traits={account.data.traits} emptyText={t('account.noTraits')} />
            </section>
          </div>
          <StageSection subject="account" id={id} />
          <AccountSegmentsSection accountId={id} />
          <AccountMetricsSection accountId={id} />
          <AccountOffersSection accountId={id} />
          <AccountWalletSection accountId={id} />
          <CareCalendarSection subject="account" id={id} />
          <ContactsSection contacts={contacts} />
          <ContactCareCalendar contacts={contacts.items} />
          <OrdersSection accountId={id} contacts={contacts.items} />
          <TimelineSection accountId={id} contacts={contacts.items} />
        </>
      )}
    </article>
  );
}
