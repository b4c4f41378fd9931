import { useTranslation } from 'react-i18next';
import type { Contact } from '../api/contacts';
import { listAccountTimeline } from '../api/events';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { LoadMoreButton } from '../common/LoadMoreButton';
import { usePagedList } from '../common/use-paged-list';
import { TimelineEntry } from './TimelineEntry';

/** The merged timeline of the account and its contacts, newest first, a page at a time. */
export function TimelineSection({ accountId, contacts }: { accountId: string; contacts: Contact[] }) {
  const { t } = useTranslation();
  const api = useApi();
  const events = usePagedList(`timeline:${accountId}`, (cursor, signal) => listAccountTimeline(api, accountId, cursor, signal));
  const byId = new Map(contacts.map((contact) => [contact.id, contact]));
  return (
    <section className="card" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">{t('timeline.heading')}</h2>
      <p className="muted">{t('timeline.intro')}</p>
      {events.loading && <LoadingBar label={t('timeline.loading')} />}
      {events.error !== null && <ErrorAlert error={events.error} onRetry={events.retry} />}
      {!events.loading && events.error === null && events.items.length === 0 && <p className="muted">{t('timeline.empty')}</p>}
      {events.items.length > 0 && (
        <ol className="timeline">
          {events.items.map((event) => (
            <TimelineEntry key={event.id} event={event} contact={event.contact_id === null ? null : (byId.get(event.contact_id) ?? null)} />
          ))}
        </ol>
      )}
      {events.hasMore && !events.loading && <LoadMoreButton loading={events.loadingMore} onClick={events.loadMore} />}
    </section>
  );
}
