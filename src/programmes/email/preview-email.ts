import type { Queryable } from '../../db/database.js';
import { AppError, type FieldIssue } from '../../errors/app-error.js';
import type { EmailTemplate, MessagePurpose } from '../model/care-element.js';
import { loadChannelSettings } from '../governance/load-channel-settings.js';
import { checkEmailTemplate } from './check-email-template.js';
import { listEmailRecipients } from './list-email-recipients.js';
import { renderEmail, type EmailLocale } from './render-email.js';
import { unsubscribeUrl } from './care-message.js';

export interface PreviewEmailInput {
  template: EmailTemplate;
  /** The chosen customer: a contact with an email address. */
  contact_id: number;
  purpose?: MessagePurpose | undefined;
  /** A survey template (survey_url is available). */
  survey?: boolean | undefined;
}

export type PreviewPart = { ok: true; subject: string; text: string; html: string } | { ok: false; error: string };

export interface EmailPreview {
  contact_id: number;
  /** The language the contact would get. */
  locale: EmailLocale;
  fi: PreviewPart;
  en: PreviewPart;
  /** Problems every customer would hit (parse errors, unknown variables), with JSON pointers under /template. */
  issues: FieldIssue[];
}

/**
 * The editor's preview: the template rendered for one chosen customer in both languages, exactly
 * as the email step would (persona variant, strict variables, footer), without sending or
 * saving anything. A language that does not render for this customer shows the reason.
 */
export async function previewEmail(db: Queryable, workspaceId: number, input: PreviewEmailInput, publicUrl: string): Promise<EmailPreview> {
  const issues = checkEmailTemplate(input.template, '/template', { survey: input.survey === true });
  const [recipient] = await listEmailRecipients(db, workspaceId, { type: 'contact', id: input.contact_id }, undefined);
  if (!recipient) throw new AppError('unprocessable', `Contact ${input.contact_id} does not exist or has no email address`, [{ path: '/contact_id', message: 'must be a contact with an email address' }]);
  const settings = await loadChannelSettings(db, workspaceId);
  const links = {
    unsubscribeUrl: unsubscribeUrl(publicUrl, settings, workspaceId, recipient.contact.id, input.survey ? 'survey' : (input.purpose ?? 'marketing')),
    ...(input.survey ? { surveyUrl: `${publicUrl.replace(/\/+$/, '')}/s/preview` } : {}),
  };
  const part = async (locale: EmailLocale): Promise<PreviewPart> => {
    if (issues.length > 0 && issues.some((i) => i.path.endsWith(`/${locale}`))) {
      return { ok: false, error: issues.filter((i) => i.path.endsWith(`/${locale}`)).map((i) => `${i.path}: ${i.message}`).join('; ') };
    }
    const r = await renderEmail(input.template, recipient, { locale, sender: { name: settings.senderName, address: settings.senderAddress }, links });
    return r.ok ? { ok: true, subject: r.email.subject, text: r.email.text, html: r.email.html } : { ok: false, error: r.error };
  };
  const lang = (recipient.contact.locale ?? '').toLowerCase().slice(0, 2);
  return {
    contact_id: recipient.contact.id,
    locale: lang === 'fi' || lang === 'en' ? lang : settings.defaultLocale,
    fi: await part('fi'),
    en: await part('en'),
    issues,
  };
}
