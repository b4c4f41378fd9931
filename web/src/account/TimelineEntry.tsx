import { useTranslation } from 'react-i18next';
import { contactName, type Contact } from '../api/contacts';
import type { TimelineEvent } from '../api/events';
import { enumLabel } from '../i18n/enum-label';
import { useFormatters } from '../i18n/use-formatters';

const SHOWN_PROPERTIES = 4;

function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** One event: when, what, who; its first properties inline, all of them on demand. */
export function TimelineEntry({ event, contact }: { event: TimelineEvent; contact: Contact | null }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const properties = Object.entries(event.properties ?? {});
  let who: string;
  if (contact) who = t('timeline.contact', { name: contactName(contact) ?? `#${contact.id}` });
  else if (event.contact_id !== null) who = t('timeline.contactId', { id: event.contact_id });
  else who = t('timeline.accountEvent');
  return (
    <li className="timeline-entry">
      <time dateTime={event.occurred_at}>{format.dateTime(event.occurred_at)}</time>
      <div className="timeline-body">
        <p className="timeline-title">
          <strong>{event.name}</strong> <span className="badge">{enumLabel(t, 'eventType', event.type)}</span>
        </p>
        <p className="muted">
          {who} · {t('timeline.source', { source: event.source })}
        </p>
        {properties.length > 0 && (
          <ul className="property-list" aria-label={t('timeline.properties')}>
            {properties.slice(0, SHOWN_PROPERTIES).map(([key, value]) => (
              <li key={key}>
                <span className="property-key">{key}</span> {show(value)}
              </li>
            ))}
          </ul>
        )}
        {properties.length > SHOWN_PROPERTIES && (
          <details>
            <summary>{t('common.showAll', { count: properties.length })}</summary>
            <pre>{JSON.stringify(event.properties, null, 2)}</pre>
          </details>
        )}
      </div>
    </li>
  );
}
