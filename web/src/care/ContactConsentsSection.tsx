import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessagePurpose } from '../api/care-element';
import { fetchContactConsents, setContactConsent, type ContactConsent } from '../api/contact-consents';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { useResource } from '../common/use-resource';
import { useFormatters } from '../i18n/use-formatters';

/** Where consent recorded here comes from, as the API stores it. */
const SOURCE = 'web';

/** Whether care email of this purpose goes to the contact: marketing needs consent, the rest only no withdrawal. */
function isSent(consent: ContactConsent): boolean {
  if (consent.status === 'granted') return true;
  if (consent.status === 'withdrawn') return false;
  return consent.purpose !== 'marketing';
}

/** A contact's consent per purpose for email, with what it means for care email, to give or withdraw. */
export function ContactConsentsSection({ contactId, name }: { contactId: number | string; name: string }) {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  const consents = useResource(`contact-consents:${contactId}`, (signal) => fetchContactConsents(api, contactId, signal));
  const [changed, setChanged] = useState<ReadonlyMap<MessagePurpose, ContactConsent>>(new Map());
  const [busy, setBusy] = useState<MessagePurpose | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const headingId = `consents-${contactId}`;

  async function change(purpose: MessagePurpose, status: 'granted' | 'withdrawn') {
    setBusy(purpose);
    setError(null);
    setNotice(null);
    try {
      const saved = await setContactConsent(api, contactId, { purpose, status, source: SOURCE });
      setChanged((current) => new Map(current).set(purpose, saved));
      const label = t(`care.purpose.${purpose}`);
      setNotice(status === 'granted' ? t('care.consents.grantedNotice', { purpose: label }) : t('care.consents.withdrawnNotice', { purpose: label }));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(null);
    }
  }

  const rows = (consents.data?.data ?? []).map((consent) => changed.get(consent.purpose) ?? consent);
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('care.consents.heading', { name })}</h2>
      <p className="help">{t('care.consents.help')}</p>
      {consents.loading && !consents.data && <LoadingBar label={t('care.consents.loading')} />}
      {consents.error !== null && <ErrorAlert error={consents.error} onRetry={consents.reload} />}
      {rows.length > 0 && (
        <div className="table-scroll">
          <table className="data-table compact" aria-label={t('care.consents.tableLabel', { name })}>
            <thead>
              <tr>
                <th scope="col">{t('care.consents.purpose')}</th>
                <th scope="col">{t('care.consents.status')}</th>
                <th scope="col">{t('care.consents.effect')}</th>
                <th scope="col" className="hide-narrow">{t('care.consents.source')}</th>
                <th scope="col" className="hide-narrow">{t('care.consents.updated')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('care.consents.change')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((consent) => {
                const purpose = t(`care.purpose.${consent.purpose}`);
                const sent = isSent(consent);
                return (
                  <tr key={consent.purpose}>
                    <th scope="row">{purpose}</th>
                    <td>
                      <span className={`badge consent-${consent.status}`}>{t(`care.consents.state.${consent.status}`)}</span>
                    </td>
                    <td>
                      <span className={`badge ${sent ? 'badge-on' : 'badge-off'}`}>{sent ? t('care.consents.sent') : t('care.consents.notSent')}</span>
                    </td>
                    <td className="hide-narrow">{consent.source ? <code>{consent.source}</code> : ''}</td>
                    <td className="hide-narrow">{consent.updated_at ? format.dateTime(consent.updated_at) : ''}</td>
                    <td className="consent-buttons">
                      {consent.status !== 'granted' && (
                        <button type="button" disabled={busy !== null} aria-label={t('care.consents.grantLabel', { purpose })} onClick={() => void change(consent.purpose, 'granted')}>
                          {t('care.consents.grant')}
                        </button>
                      )}
                      {consent.status !== 'withdrawn' && (
                        <button type="button" className="button-quiet" disabled={busy !== null} aria-label={t('care.consents.withdrawLabel', { purpose })} onClick={() => void change(consent.purpose, 'withdrawn')}>
                          {t('care.consents.withdraw')}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {notice && (
        <p className="muted" role="status">
          {notice}
        </p>
      )}
      {error !== null && <ErrorAlert error={error} />}
    </section>
  );
}
