import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../errors/app-error.js';
import { parseDeliveryStatusNotification } from '../../programmes/email/parse-delivery-status-notification.js';
import { recordDeliveryReports, type DeliveryReport } from '../../programmes/email/record-delivery-reports.js';
import { adminScope } from '../admin-scope.js';
import { principalOf } from '../authenticate.js';
import { DeliveryReportsBody, RecordDeliveryReportsResponse } from '../schemas/care-bounces-schema.js';
import { adminSecurity, problemResponses } from '../schemas/problem-responses.js';

const tags = ['programmes'];

/** The largest bounce email taken (a DSN that returns the whole original message with attachments). */
export const BOUNCE_EMAIL_LIMIT = 10 * 1024 * 1024;

/**
 * POST /api/v1/programmes/bounces: delivery reports of care messages that bounced after SMTP
 * accepted them, as JSON from a relay's or ESP's webhook, or the bounce email itself
 * (Content-Type message/rfc822: the DSN's bytes, parsed here). The message/rfc822 parser is
 * this plugin's only.
 */
export const careBouncesRoutes = adminScope(async (instance) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  app.addContentTypeParser('message/rfc822', { parseAs: 'buffer', bodyLimit: BOUNCE_EMAIL_LIMIT }, (_request, body, done) => done(null, body));

  app.post(
    '/api/v1/programmes/bounces',
    {
      bodyLimit: BOUNCE_EMAIL_LIMIT,
      schema: {
        tags,
        summary: 'Record bounces of care email: delivery reports as JSON, or a bounce email (DSN)',
        description:
          'Hard bounces (Action failed, Status 5.x.x) suppress the address for the workspace, mark the care message bounced and add an ' +
          "'Email Bounced' event to the contact's timeline; soft ones (delayed, 4.x.x) are noted on the message. Reports are matched by the " +
          "original Message-ID and recipient; those that match no care message come back in 'unmatched'. Posting the same report again " +
          'changes nothing. With Content-Type message/rfc822 the body is the bounce email (RFC 3464 multipart/report), up to 10 MB.',
        security: adminSecurity,
        body: {
          content: {
            'application/json': { schema: DeliveryReportsBody },
            'message/rfc822': { schema: Type.Unsafe<Buffer>({ description: 'The bounce email: a delivery status notification (RFC 3464)' }) },
          },
        },
        response: { 200: RecordDeliveryReportsResponse, ...problemResponses(422) },
      },
    },
    async (request) => {
      const body: unknown = request.body;
      let reports: DeliveryReport[];
      if (Buffer.isBuffer(body)) {
        if (body.length === 0) throw new AppError('bad_request', 'The request body is empty; send the bounce email');
        reports = (await parseDeliveryStatusNotification(body)).reports;
      } else if (typeof body === 'object' && body !== null && Array.isArray((body as { reports?: unknown }).reports)) {
        reports = (body as { reports: DeliveryReport[] }).reports;
      } else {
        throw new AppError('unsupported_media_type', `Send application/json ({ "reports": [...] }) or message/rfc822 (the bounce email), not ${request.headers['content-type'] ?? 'no Content-Type'}`);
      }
      return recordDeliveryReports(app.db, principalOf(request).workspaceId, reports);
    },
  );
});
