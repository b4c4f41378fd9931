import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { listAccounts } from '../api/accounts';
import { contactName, listAccountContacts } from '../api/contacts';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { useDebouncedValue } from '../common/use-debounced-value';
import { useResource } from '../common/use-resource';
import type { PreviewCustomer } from './preview-customer';

/** Chooses the customer the email previews render for: an account by name, then one of its contacts. */
export function CustomerPicker({ value, onChange }: { value: PreviewCustomer | null; onChange: (customer: PreviewCustomer | null) => void }) {
  const { t } = useTranslation();
  const api = useApi();
  const [query, setQuery] = useState('');
  const q = useDebouncedValue(query.trim(), 300);
  const accounts = useResource(`preview-accounts:${q}`, (signal) =>
    listAccounts(api, { q, sort: 'name', country: '', industry: '', owner: '', kind: '', cursor: null }, signal),
  );
  const accountId = value?.accountId ?? null;
  const contacts = useResource(`preview-contacts:${accountId ?? ''}`, (signal) =>
    accountId === null ? Promise.resolve(null) : listAccountContacts(api, String(accountId), null, signal),
  );
  const options = accounts.data?.data ?? [];
  // Previews are for a person: a contact with an email address. The first one is chosen for a new account.
  const reachable = (contacts.data?.data ?? []).filter((contact) => contact.email);
  const firstReachable = reachable[0];
  useEffect(() => {
    if (value && value.contactId === null && firstReachable && contacts.data) onChange({ ...value, contactId: firstReachable.id, contactName: contactName(firstReachable) });
    // Only when the account's contacts have loaded.
  }, [contacts.data]);
  return (
    <fieldset className="customer-picker">
      <legend>{t('care.preview.customer')}</legend>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="preview-account-search">{t('care.preview.searchAccount')}</label>
          <input id="preview-account-search" type="search" autoComplete="off" value={query} onChange={(e) => setQuery(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="preview-account">{t('care.preview.account')}</label>
          <select
            id="preview-account"
            value={accountId ?? ''}
            onChange={(e) => {
              const account = options.find((a) => String(a.id) === e.target.value);
              onChange(account ? { accountId: account.id, accountName: account.name, contactId: null, contactName: null } : null);
            }}
          >
            <option value="">{t('care.preview.noAccount')}</option>
            {value && !options.some((a) => a.id === value.accountId) && <option value={value.accountId}>{value.accountName}</option>}
            {options.map((account) => (
              <option key={account.id} value={account.id}>
                {account.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="preview-contact">{t('care.preview.contact')}</label>
          <select
            id="preview-contact"
            value={value?.contactId ?? ''}
            disabled={!value}
            onChange={(e) => {
              if (!value) return;
              const contact = reachable.find((c) => String(c.id) === e.target.value);
              onChange({ ...value, contactId: contact?.id ?? null, contactName: contact ? contactName(contact) : null });
            }}
          >
            <option value="">{t('care.preview.noRecipient')}</option>
            {reachable.map((contact) => (
              <option key={contact.id} value={contact.id}>
                {contactName(contact) ?? `#${contact.id}`}
              </option>
            ))}
          </select>
        </div>
      </div>
      {accounts.error !== null && <ErrorAlert error={accounts.error} onRetry={accounts.reload} />}
      {contacts.error !== null && <ErrorAlert error={contacts.error} onRetry={contacts.reload} />}
    </fieldset>
  );
}
