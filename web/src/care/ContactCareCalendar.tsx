import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { contactName, type Contact } from '../api/contacts';
import { CareCalendarSection } from './CareCalendarSection';
import { ContactConsentsSection } from './ContactConsentsSection';

/** One of the account's contacts, chosen from the list: their consents and care calendar (contact elements: surveys, persona content). */
export function ContactCareCalendar({ contacts }: { contacts: readonly Contact[] }) {
  const { t } = useTranslation();
  const [chosen, setChosen] = useState<string>('');
  if (contacts.length === 0) return null;
  const contact = contacts.find((c) => String(c.id) === chosen);
  const name = contact ? (contactName(contact) ?? `#${chosen}`) : `#${chosen}`;
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
      {chosen !== '' && <ContactConsentsSection key={`consents-${chosen}`} contactId={chosen} name={name} />}
      {chosen !== '' && <CareCalendarSection key={chosen} subject="contact" id={chosen} title={t('care.calendar.contactHeading', { name })} />}
    </div>
  );
}
