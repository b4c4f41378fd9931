import type { FastifyInstance, FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { getUnsubscribeLink } from '../../programmes/governance/get-unsubscribe-link.js';
import { unsubscribeContact } from '../../programmes/governance/unsubscribe-contact.js';
import { answerSurvey } from '../../programmes/surveys/answer-survey.js';
import { getSurveyInvitation } from '../../programmes/surveys/get-survey-invitation.js';
import { isAppError } from '../../errors/app-error.js';
import { recordEmailEngagement } from '../../programmes/email/record-email-engagement.js';
import {
  invalidLinkPage,
  surveyFormPage,
  surveyScoreMissingMessage,
  surveyThanksPage,
  unsubscribeConfirmPage,
  unsubscribedPage,
  type PageLocale,
} from '../pages/care-public-pages.js';

const tags = ['public'];
const TokenParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: 300, pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$' }) }, { additionalProperties: false });
/** Click tokens carry their target URL, so they may be long. */
const LongTokenParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: 4096, pattern: '^[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$' }) }, { additionalProperties: false });
/** A transparent 1x1 GIF. */
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
type Form = Record<string, string>;

function html(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').type('text/html; charset=utf-8').send(body);
}

/** A page language for a link that did not verify: the browser's preference between fi and en. */
function browserLocale(acceptLanguage: string | undefined): PageLocale {
  return /^\s*fi\b/i.test(acceptLanguage ?? '') ? 'fi' : 'en';
}

/**
 * The public pages behind links in care messages (no API key: the signed token is the
 * credential): /u/:token unsubscribe (GET shows a confirmation, POST withdraws; a POST with
 * `List-Unsubscribe=One-Click` is the RFC 8058 one-click from a mail client) and /s/:token the
 * NPS survey (GET form, POST answer). Small HTML pages in the contact's language. /o/:token
 * (the open-tracking image) and /c/:token (a tracked link: records the click, redirects to the
 * signed URL) feed the opened/clicked counts of programme results.
 */
export async function carePublicRoutes(app: FastifyInstance): Promise<void> {
  // Forms post urlencoded; RFC 8058 one-click posts may come as multipart/form-data.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.addContentTypeParser('multipart/form-data', { parseAs: 'string', bodyLimit: 16 * 1024 }, (_req, body, done) => {
    done(null, /List-Unsubscribe[\s\S]*One-Click/i.test(String(body)) ? { 'List-Unsubscribe': 'One-Click' } : {});
  });

  app.get('/u/:token', { schema: { tags, summary: 'Unsubscribe page (asks to confirm; changes nothing)', params: TokenParams } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const view = await getUnsubscribeLink(app.db, token);
    if (view.kind === 'invalid_link') return html(reply, 404, invalidLinkPage(browserLocale(request.headers['accept-language'])));
    if (view.alreadyWithdrawn) return html(reply, 200, unsubscribedPage(view.locale, view.purpose, true));
    return html(reply, 200, unsubscribeConfirmPage(view.locale, view.purpose, view.email, `/u/${token}`));
  });

  app.post(
    '/u/:token',
    { schema: { tags, summary: 'Unsubscribe: the page button, or the RFC 8058 one-click POST (List-Unsubscribe=One-Click)', params: TokenParams } },
    async (request, reply) => {
      const { token } = request.params as { token: string };
      const form = (request.body ?? {}) as Form;
      const oneClick = form['List-Unsubscribe'] === 'One-Click';
      const result = await unsubscribeContact(app.db, token, oneClick ? 'one_click' : 'unsubscribe_link');
      if (result.kind === 'invalid_link') return html(reply, 404, invalidLinkPage(browserLocale(request.headers['accept-language'])));
      return html(reply, 200, unsubscribedPage(result.locale, result.purpose, !result.changed));
    },
  );

  app.get('/o/:token', { schema: { tags, summary: 'Open-tracking image of a care message', params: TokenParams } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const result = await recordEmailEngagement(app.db, token, 'open');
    return reply
      .code(result.kind === 'recorded' ? 200 : 404)
      .header('cache-control', 'no-store')
      .type('image/gif')
      .send(PIXEL);
  });

  app.get('/c/:token', { schema: { tags, summary: 'A tracked link in a care message: records the click and redirects', params: LongTokenParams } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const result = await recordEmailEngagement(app.db, token, 'click');
    if (result.kind === 'invalid_link' || !result.url) return html(reply, 404, invalidLinkPage(browserLocale(request.headers['accept-language'])));
    return reply.code(302).header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').redirect(result.url);
  });

  app.get('/s/:token', { schema: { tags, summary: 'NPS survey page', params: TokenParams } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const view = await getSurveyInvitation(app.db, token);
    if (view.kind === 'invalid_link') return html(reply, 404, invalidLinkPage(browserLocale(request.headers['accept-language'])));
    if (view.kind === 'already_answered') return html(reply, 200, surveyThanksPage(view.locale, true));
    return html(reply, 200, surveyFormPage(view.locale, view.firstName, `/s/${token}`));
  });

  app.post('/s/:token', { schema: { tags, summary: 'Answer an NPS survey (form: score 0-10, comment)', params: TokenParams } }, async (request, reply) => {
    const { token } = request.params as { token: string };
    const form = (request.body ?? {}) as Form;
    const raw = typeof form.score === 'string' ? form.score.trim() : '';
    const score = /^\d{1,2}$/.test(raw) ? Number(raw) : NaN;
    try {
      const result = await answerSurvey(app.db, token, { score, comment: typeof form.comment === 'string' ? form.comment : undefined });
      if (result.kind === 'invalid_link') return html(reply, 404, invalidLinkPage(browserLocale(request.headers['accept-language'])));
      return html(reply, 200, surveyThanksPage(result.locale, result.kind === 'already_answered'));
    } catch (e) {
      if (!isAppError(e) || e.code !== 'validation_failed') throw e;
      const view = await getSurveyInvitation(app.db, token);
      if (view.kind !== 'open') return html(reply, 404, invalidLinkPage(browserLocale(request.headers['accept-language'])));
      return html(reply, 400, surveyFormPage(view.locale, view.firstName, `/s/${token}`, surveyScoreMissingMessage(view.locale)));
    }
  });
}
