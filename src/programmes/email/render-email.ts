import type { EmailTemplate, LocalizedText } from '../model/care-element.js';
import type { EmailRecipient } from './list-email-recipients.js';
import { liquid, parseTemplate } from './liquid-engine.js';

export type EmailLocale = 'fi' | 'en';

export interface RenderedEmail {
  locale: EmailLocale;
  subject: string;
  text: string;
  html: string;
}

export type RenderEmailResult = { ok: true; email: RenderedEmail } | { ok: false; error: string };

export interface RenderLinks {
  unsubscribeUrl: string;
  /** Survey steps: the signed link to the survey page. */
  surveyUrl?: string;
  /** Click tracking: the tracked form of a link in the HTML part (the text part keeps plain links). */
  trackClick?: (url: string) => string;
  /** Open tracking: the URL of the 1x1 image at the end of the HTML part. */
  openPixelUrl?: string;
}

const FOOTER: Record<EmailLocale, { unsubscribe: string; survey: string }> = {
  fi: { unsubscribe: 'Etkö halua enää näitä viestejä? Peru tilaus:', survey: 'Vastaa kyselyyn:' },
  en: { unsubscribe: "Don't want these emails any more? Unsubscribe:", survey: 'Answer the survey:' },
};

/** The contact's language (its locale's language when fi or en), else the workspace default. */
export function pickLocale(contactLocale: string | null, fallback: EmailLocale): EmailLocale {
  const lang = (contactLocale ?? '').toLowerCase().slice(0, 2);
  return lang === 'fi' || lang === 'en' ? lang : fallback;
}

/**
 * Renders one care email for one recipient: the persona's variant where it has one, the
 * recipient's language, Liquid with strict variables over contact.*, account.*, stage,
 * metrics.*, sender.*, unsubscribe_url and survey_url. The plain text is the template's body;
 * the HTML part is derived from it (escaped, blank-line paragraphs, links). Both end with the
 * unsubscribe footer; a survey body without its link gets it appended. A Liquid error (an
 * undefined variable, a bad filter) is returned with its reason, nothing thrown.
 */
export async function renderEmail(
  template: EmailTemplate,
  recipient: EmailRecipient,
  options: { locale: EmailLocale; sender: { name: string; address: string }; links: RenderLinks },
): Promise<RenderEmailResult> {
  const { locale, links } = options;
  const variant = recipient.contact.persona ? template.personas?.[recipient.contact.persona] : undefined;
  const subjectSource = pick(variant?.subject, template.subject, locale);
  const bodySource = pick(variant?.body, template.body, locale);
  const scope = {
    contact: recipient.contact,
    account: recipient.account,
    stage: recipient.stage,
    metrics: recipient.metrics,
    sender: options.sender,
    unsubscribe_url: links.unsubscribeUrl,
    ...(links.surveyUrl !== undefined ? { survey_url: links.surveyUrl } : {}),
  };
  let subject: string;
  let body: string;
  try {
    subject = String(await liquid.render(parseTemplate(subjectSource), scope));
    body = String(await liquid.render(parseTemplate(bodySource), scope));
  } catch (e) {
    return { ok: false, error: `template (${locale}) does not render for contact ${recipient.contact.id}: ${(e as Error).message}` };
  }
  subject = subject.replace(/\s+/g, ' ').trim();
  if (subject.length === 0) return { ok: false, error: `template (${locale}) renders an empty subject for contact ${recipient.contact.id}` };
  body = body.replace(/\r\n?/g, '\n').trim();
  if (links.surveyUrl !== undefined && !body.includes(links.surveyUrl)) body += `\n\n${FOOTER[locale].survey} ${links.surveyUrl}`;
  const footer = `${FOOTER[locale].unsubscribe} ${links.unsubscribeUrl}`;
  const text = `${body}\n\n-- \n${footer}\n`;
  const html =
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head><body>` +
    paragraphs(body, (url) => (links.trackClick && url !== links.unsubscribeUrl && url !== links.surveyUrl ? links.trackClick(url) : url)) +
    `<hr><p style="font-size:12px;color:#666">${escapeHtml(FOOTER[locale].unsubscribe)} <a href="${escapeHtml(links.unsubscribeUrl)}">${escapeHtml(links.unsubscribeUrl)}</a></p>` +
    (links.openPixelUrl ? `<img src="${escapeHtml(links.openPixelUrl)}" width="1" height="1" alt="" style="display:block;border:0">` : '') +
    `</body></html>`;
  return { ok: true, email: { locale, subject, text, html } };
}

function pick(variant: Partial<LocalizedText> | undefined, base: LocalizedText, locale: EmailLocale): string {
  return variant?.[locale] ?? base[locale];
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)]/g;

/** Escaped paragraphs; single newlines become <br>, http(s) URLs become links (to `href(url)`). */
function paragraphs(text: string, href: (url: string) => string): string {
  return text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0)
    .map((p) => `<p>${p.split('\n').map((line) => linkify(line, href)).join('<br>')}</p>`)
    .join('');
}

function linkify(line: string, href: (url: string) => string): string {
  let out = '';
  let last = 0;
  for (const m of line.matchAll(URL_PATTERN)) {
    out += escapeHtml(line.slice(last, m.index));
    out += `<a href="${escapeHtml(href(m[0]))}">${escapeHtml(m[0])}</a>`;
    last = m.index! + m[0].length;
  }
  return out + escapeHtml(line.slice(last));
}
