import type { MessagePurpose } from '../../programmes/model/care-element.js';

/**
 * The small public HTML pages behind the links in care messages (unsubscribe, NPS survey),
 * in the contact's language. Plain server-rendered HTML without scripts: they must work in
 * any mail client's browser.
 */
export type PageLocale = 'fi' | 'en';

const T = {
  fi: {
    invalidTitle: 'Linkki ei ole voimassa',
    invalidText: 'Tämä linkki ei ole voimassa. Se voi olla vanhentunut tai kopioitu väärin.',
    purpose: { marketing: 'markkinointiviestit', service: 'palveluviestit', survey: 'kyselykutsut' } as Record<MessagePurpose, string>,
    unsubscribeTitle: 'Peru tilaus',
    unsubscribeQuestion: (what: string, email: string | null) => `Haluatko lopettaa ${what} ${email ? `osoitteeseen ${email}` : 'sähköpostiisi'}?`,
    unsubscribeButton: 'Peru tilaus',
    unsubscribedTitle: 'Tilaus peruttu',
    unsubscribedText: (what: string) => `Et saa enää ${what} meiltä sähköpostitse.`,
    alreadyText: (what: string) => `Olet jo perunut ${what}.`,
    surveyTitle: 'Kysely',
    surveyGreeting: (name: string | null) => (name ? `Hei ${name},` : 'Hei,'),
    npsQuestion: 'Kuinka todennäköisesti suosittelisit meitä ystävällesi tai kollegallesi?',
    npsLow: '0 = en lainkaan todennäköisesti',
    npsHigh: '10 = erittäin todennäköisesti',
    comment: 'Kerro halutessasi, miksi annoit tämän arvion:',
    submit: 'Lähetä vastaus',
    scoreMissing: 'Valitse arvio asteikolta 0–10.',
    thanksTitle: 'Kiitos vastauksestasi!',
    thanksText: 'Vastauksesi on tallennettu. Luemme jokaisen vastauksen.',
    answeredText: 'Olet jo vastannut tähän kyselyyn. Kiitos!',
  },
  en: {
    invalidTitle: 'This link is not valid',
    invalidText: 'This link is not valid. It may have expired or been copied incompletely.',
    purpose: { marketing: 'marketing emails', service: 'service emails', survey: 'survey invitations' } as Record<MessagePurpose, string>,
    unsubscribeTitle: 'Unsubscribe',
    unsubscribeQuestion: (what: string, email: string | null) => `Do you want to stop receiving ${what}${email ? ` at ${email}` : ''}?`,
    unsubscribeButton: 'Unsubscribe',
    unsubscribedTitle: 'You have been unsubscribed',
    unsubscribedText: (what: string) => `You will no longer receive ${what} from us.`,
    alreadyText: (what: string) => `You have already unsubscribed from ${what}.`,
    surveyTitle: 'Survey',
    surveyGreeting: (name: string | null) => (name ? `Hi ${name},` : 'Hi,'),
    npsQuestion: 'How likely are you to recommend us to a friend or colleague?',
    npsLow: '0 = not at all likely',
    npsHigh: '10 = extremely likely',
    comment: 'If you like, tell us why you gave this score:',
    submit: 'Send answer',
    scoreMissing: 'Please choose a score from 0 to 10.',
    thanksTitle: 'Thank you for your answer!',
    thanksText: 'Your answer has been saved. We read every one.',
    answeredText: 'You have already answered this survey. Thank you!',
  },
} as const;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function page(locale: PageLocale, title: string, body: string): string {
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#222}
button{font-size:1rem;padding:.5rem 1.2rem}fieldset{border:0;padding:0}label.s{display:inline-block;margin:.2rem;text-align:center}
textarea{width:100%;min-height:6rem}.err{color:#a00}</style></head>
<body><h1>${esc(title)}</h1>${body}</body></html>`;
}

export function invalidLinkPage(locale: PageLocale): string {
  return page(locale, T[locale].invalidTitle, `<p>${esc(T[locale].invalidText)}</p>`);
}

export function unsubscribeConfirmPage(locale: PageLocale, purpose: MessagePurpose, email: string | null, action: string): string {
  const t = T[locale];
  return page(
    locale,
    t.unsubscribeTitle,
    `<p>${esc(t.unsubscribeQuestion(t.purpose[purpose], email))}</p>
<form method="post" action="${esc(action)}"><input type="hidden" name="confirm" value="1"><button type="submit">${esc(t.unsubscribeButton)}</button></form>`,
  );
}

export function unsubscribedPage(locale: PageLocale, purpose: MessagePurpose, already: boolean): string {
  const t = T[locale];
  const what = t.purpose[purpose];
  return page(locale, t.unsubscribedTitle, `<p>${esc(already ? t.alreadyText(what) : t.unsubscribedText(what))}</p>`);
}

export function surveyFormPage(locale: PageLocale, firstName: string | null, action: string, error?: string): string {
  const t = T[locale];
  const scores = Array.from({ length: 11 }, (_, s) => `<label class="s"><input type="radio" name="score" value="${s}" required><br>${s}</label>`).join('');
  return page(
    locale,
    t.surveyTitle,
    `<p>${esc(t.surveyGreeting(firstName))}</p>
<form method="post" action="${esc(action)}">
<fieldset><legend><strong>${esc(t.npsQuestion)}</strong></legend>${scores}
<p><small>${esc(t.npsLow)} · ${esc(t.npsHigh)}</small></p></fieldset>
${error ? `<p class="err" role="alert">${esc(error)}</p>` : ''}
<p><label for="comment">${esc(t.comment)}</label><br><textarea id="comment" name="comment" maxlength="2000"></textarea></p>
<button type="submit">${esc(t.submit)}</button></form>`,
  );
}

export function surveyScoreMissingMessage(locale: PageLocale): string {
  return T[locale].scoreMissing;
}

export function surveyThanksPage(locale: PageLocale, already: boolean): string {
  const t = T[locale];
  return page(locale, t.thanksTitle, `<p>${esc(already ? t.answeredText : t.thanksText)}</p>`);
}
