import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { contactName, type Contact } from '../api/contacts';
import { CareCalendarSection } from './CareCalendarSection';

/** The care calendar of one of the account's contacts (contact elements: surveys, persona content), chosen from the list. */
export function ContactCareCalendar({ contacts }: { contacts: readonly Contact[] }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<string>('');
  if (contacts.length === 0) return null;
  return (
    <div className="contact-calendar">
      <div className="field field-inline">
        <label htmlFor="contact-calendar-choice">{t('care.calendar.contactChoice')}</label>
        <select id="contact-calendar-choice" value={chosen} onChange={(e) => setChosen(e.target.value)}>
          <option value="">{t('care.calendar.noContact')}</option>
          {contacts.map((contact) => (
            <option key={contact.id} value={contact.id}>
              {contactName(contact) ?? `#${contact.id}`}
            </option>
          ))}
        </select>
      </div>
      {chosen !== '' && <CareCalendarSection key={chosen} subject="contact" id={chosen} title={t('care.calendar.contactHeading', { name: contactName(contacts.find((c) => String(c.id) === chosen)!) ?? `#${chosen}` })} />}
    </div>
  );
}
