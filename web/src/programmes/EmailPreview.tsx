import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import type { EmailLocale } from '../api/care-channels';
import type { EmailTemplate, MessagePurpose } from '../api/care-element';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import type { PreviewCustomer } from './preview-customer';
import { useEmailPreview } from './use-email-preview';

interface Props {
  stepId: string;
  kind: 'email' | 'survey';
  purpose?: MessagePurpose;
  template: EmailTemplate;
  customer: PreviewCustomer | null;
}

const LOCALES: readonly EmailLocale[] = ['fi', 'en'];

/** "/template/subject/en" or "body/template/subject/en" -> "subject/en". */
const templatePath = (path: string) => path.replace(/^(body)?\/?template\/?/, '');

/**
 * The email as the chosen customer would get it, in Finnish and in English, rendered by the
 * server from the unsaved template. Template errors (a Liquid mistake, a variable this
 * customer lacks) show here, before saving.
 */
export function EmailPreview({ stepId, kind, purpose, template, customer }: Props) {
  const { t } = useTranslation();
  const state = useEmailPreview(kind, purpose, template, customer);
  const headingId = `preview-${stepId}-heading`;
  const refused = state.error instanceof ApiError && state.error.status < 500 ? state.error : null;
  const problems = refused ? (refused.problem.errors?.length ? refused.problem.errors : [{ path: '', message: refused.message }]) : (state.result?.issues ?? []);
  const result = refused ? null : state.result;
  return (
    <section className="email-preview" aria-labelledby={headingId} aria-busy={state.loading}>
      <h4 id={headingId}>{customer ? t('care.preview.heading', { name: customer.contactName ?? customer.accountName }) : t('care.preview.headingNone')}</h4>
      {!customer && <p className="muted">{t('care.preview.chooseCustomer')}</p>}
      {customer && customer.contactId === null && <p className="muted">{t('care.preview.chooseRecipient')}</p>}
      {state.loading && <LoadingBar label={t('care.preview.loading')} />}
      {problems.length > 0 && (
        <div className="alert alert-error" role="alert">
          <p className="alert-heading">{t('care.preview.templateErrors')}</p>
          <ul>
            {problems.map((issue, index) => (
              <li key={index}>
                {issue.path && <code>{templatePath(issue.path)}</code>} {issue.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {state.error !== null && !refused && <ErrorAlert error={state.error} />}
      {result && (
        <div className="preview-pair">
          {LOCALES.map((locale) => {
            const part = result[locale];
            return (
              <article key={locale} className={`preview-language${result.locale === locale ? ' is-theirs' : ''}`} lang={locale} aria-label={t(`care.preview.in.${locale}`)}>
                <h5>
                  {t(`care.preview.in.${locale}`)}
                  {result.locale === locale && <span className="badge">{t('care.preview.theirLanguage')}</span>}
                </h5>
                {part.ok ? (
                  <>
                    <p className="preview-subject">{part.subject}</p>
                    <pre className="preview-body">{part.text}</pre>
                  </>
                ) : (
                  <p className="field-error preview-error">{t('care.preview.renderFailed', { reason: part.error })}</p>
                )}
              </article>
            );
          })}
        </div>
      )}
    </section>
  );
}
