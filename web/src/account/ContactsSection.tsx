import { useTranslation } from 'react-i18next';
import { contactName, type Contact } from '../api/contacts';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { LoadMoreButton } from '../common/LoadMoreButton';
import type { PagedList } from '../common/use-paged-list';
import { enumLabel } from '../i18n/enum-label';

/** The people at the account: name, contact details, role in the buying centre and persona. */
export function ContactsSection({ contacts }: { contacts: PagedList<Contact> }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-labelledby="contacts-heading">
      <h2 id="contacts-heading">{t('contacts.heading')}</h2>
      {contacts.loading && <LoadingBar label={t('contacts.loading')} />}
      {contacts.error !== null && <ErrorAlert error={contacts.error} onRetry={contacts.retry} />}
      {!contacts.loading && contacts.error === null && contacts.items.length === 0 && <p className="muted">{t('contacts.empty')}</p>}
      {contacts.items.length > 0 && (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('contacts.name')}</th>
                <th scope="col">{t('contacts.email')}</th>
                <th scope="col" className="hide-narrow">{t('contacts.jobTitle')}</th>
                <th scope="col">{t('contacts.role')}</th>
                <th scope="col" className="hide-narrow">{t('contacts.persona')}</th>
                <th scope="col" className="hide-narrow">{t('contacts.phone')}</th>
              </tr>
            </thead>
            <tbody>
              {contacts.items.map((contact) => (
                <tr key={contact.id}>
                  <th scope="row">{contactName(contact) ?? `#${contact.id}`}</th>
                  <td>{contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : ''}</td>
                  <td className="hide-narrow">{contact.title ?? ''}</td>
                  <td>{contact.buying_role ? enumLabel(t, 'buyingRole', contact.buying_role) : ''}</td>
                  <td className="hide-narrow">{contact.persona ?? ''}</td>
                  <td className="hide-narrow">{contact.phone ? <a href={`tel:${contact.phone}`}>{contact.phone}</a> : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {contacts.hasMore && !contacts.loading && <LoadMoreButton loading={contacts.loadingMore} onClick={contacts.loadMore} />}
    </section>
  );
}
