import { useTranslation } from 'react-i18next';
import { listOutbox } from '../api/care-channels';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { LoadMoreButton } from '../common/LoadMoreButton';
import { usePagedList } from '../common/use-paged-list';
import { useFormatters } from '../i18n/use-formatters';

/** The outbox, newest first: each mail with recipient, subject and, opened, its text. */
export function OutboxSection() {
  const { t } = useTranslation();
  const api = useApi();
  const format = useFormatters();
  const messages = usePagedList('care-outbox', (cursor, signal) => listOutbox(api, cursor, signal));
  return (
    <section className="card" aria-labelledby="outbox-heading">
      <h2 id="outbox-heading">{t('care.outbox.heading')}</h2>
      <p className="help">{t('care.outbox.help')}</p>
      {messages.loading && <LoadingBar label={t('care.outbox.loading')} />}
      {messages.error !== null && <ErrorAlert error={messages.error} onRetry={messages.retry} />}
      {!messages.loading && messages.error === null && messages.items.length === 0 && <p className="muted">{t('care.outbox.empty')}</p>}
      {messages.items.length > 0 && (
        <ul className="outbox-list">
          {messages.items.map((message) => (
            <li key={message.id}>
              <details className="outbox-message">
                <summary>
                  <span className="outbox-to">{message.to_address}</span>
                  <span className="outbox-subject">{message.subject}</span>
                  <span className="muted">{format.dateTime(message.created_at)}</span>
                </summary>
                <dl className="outbox-facts">
                  <div>
                    <dt>{t('care.outbox.purpose')}</dt>
                    <dd>{t(`care.purpose.${message.purpose}`)}</dd>
                  </div>
                  <div>
                    <dt>{t('care.outbox.language')}</dt>
                    <dd>{message.locale}</dd>
                  </div>
                  <div>
                    <dt>{t('care.outbox.messageId')}</dt>
                    <dd>
                      <code>{message.message_id}</code>
                    </dd>
                  </div>
                </dl>
                <pre className="preview-body" lang={message.locale}>
                  {message.text_body}
                </pre>
              </details>
            </li>
          ))}
        </ul>
      )}
      {messages.hasMore && !messages.loading && <LoadMoreButton loading={messages.loadingMore} onClick={messages.loadMore} />}
    </section>
  );
}
