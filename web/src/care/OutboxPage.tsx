import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../app/use-document-title';
import { ActionsSection } from './ActionsSection';
import { DeadLetterSection } from './DeadLetterSection';
import { OutboxSection } from './OutboxSection';

/** Actions that failed for good (to retry), mail that stayed in the outbox (no SMTP server configured), and the schedule of actions. */
export function OutboxPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('care.outbox.title'));
  return (
    <section className="page outbox-page" aria-labelledby="outbox-page-heading">
      <h1 id="outbox-page-heading">{t('care.outbox.title')}</h1>
      <p className="lead">{t('care.outbox.intro')}</p>
      <DeadLetterSection />
      <OutboxSection />
      <ActionsSection />
    </section>
  );
}
