import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { previewEmail } from '../../programmes/email/preview-email.js';
import { listOutboxMessages } from '../../programmes/email/list-outbox-messages.js';
import { addEmailSuppression } from '../../programmes/governance/add-email-suppression.js';
import { listEmailSuppressions } from '../../programmes/governance/list-email-suppressions.js';
import { removeEmailSuppression } from '../../programmes/governance/remove-email-suppression.js';
import { completeTask } from '../../programmes/tasks/complete-task.js';
import { listTasks } from '../../programmes/tasks/list-tasks.js';
import type { EmailTemplate } from '../../programmes/model/care-element.js';
import { adminScope } from '../admin-scope.js';
import { principalOf } from '../authenticate.js';
import { IdParams } from '../schemas/id-params-schema.js';
import { PageOf } from '../schemas/pagination-schema.js';
import { adminSecurity, problemResponses } from '../schemas/problem-responses.js';
import {
  CareTaskCompleteBody,
  CareTaskListQuery,
  CareTaskSchema,
  EmailPreviewSchema,
  OutboxListQuery,
  OutboxMessageSchema,
  PreviewEmailBody,
  SuppressionCreateBody,
  SuppressionListQuery,
  SuppressionParams,
  SuppressionSchema,
} from '../schemas/care-channels-schema.js';

const tags = ['programmes'];

/** /api/v1/programmes: the KAM task inbox, the outbox and sent log, email suppressions and the email preview. */
export const careChannelsRoutes = adminScope(async (instance) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const ws = (request: Parameters<typeof principalOf>[0]) => principalOf(request).workspaceId;

  app.get(
    '/api/v1/programmes/tasks',
    {
      schema: {
        tags,
        summary: 'The task inbox: care tasks by due date',
        description: 'Open tasks by default; filter by assignee (the account owner), customer, element or due_before (overdue: now).',
        security: adminSecurity,
        querystring: CareTaskListQuery,
        response: { 200: PageOf(CareTaskSchema), ...problemResponses() },
      },
    },
    async (request) => listTasks(app.db, ws(request), request.query),
  );

  app.post(
    '/api/v1/programmes/tasks/:id/complete',
    {
      schema: {
        tags,
        summary: 'Mark a care task done',
        description: "Records who did it and a note, and adds a 'Task Completed' event to the customer's timeline. A task already done is a conflict.",
        security: adminSecurity,
        params: IdParams,
        body: CareTaskCompleteBody,
        response: { 200: CareTaskSchema, ...problemResponses(404, 409) },
      },
    },
    async (request) => completeTask(app.db, ws(request), request.params.id, request.body ?? {}),
  );

  app.get(
    '/api/v1/programmes/outbox',
    {
      schema: {
        tags,
        summary: 'Care messages, newest first: the outbox (no SMTP configured) or the sent log',
        security: adminSecurity,
        querystring: OutboxListQuery,
        response: { 200: PageOf(OutboxMessageSchema), ...problemResponses() },
      },
    },
    async (request) => listOutboxMessages(app.db, ws(request), request.query),
  );

  app.get(
    '/api/v1/programmes/suppressions',
    {
      schema: {
        tags,
        summary: 'Email addresses no care email goes to',
        description: 'Hard bounces (an SMTP 5xx to the recipient) are added automatically; complaints and manual entries too.',
        security: adminSecurity,
        querystring: SuppressionListQuery,
        response: { 200: PageOf(SuppressionSchema), ...problemResponses() },
      },
    },
    async (request) => listEmailSuppressions(app.db, ws(request), request.query),
  );

  app.post(
    '/api/v1/programmes/suppressions',
    {
      schema: {
        tags,
        summary: 'Suppress an email address by hand',
        security: adminSecurity,
        body: SuppressionCreateBody,
        response: { 201: SuppressionSchema, ...problemResponses() },
      },
    },
    async (request, reply) => reply.code(201).send(await addEmailSuppression(app.db, ws(request), request.body)),
  );

  app.delete(
    '/api/v1/programmes/suppressions/:address',
    {
      schema: {
        tags,
        summary: 'Let care email go to an address again',
        security: adminSecurity,
        params: SuppressionParams,
        response: { 204: Type.Null({ description: 'Removed' }), ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      await removeEmailSuppression(app.db, ws(request), request.params.address);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/programmes/elements/preview-email',
    {
      schema: {
        tags,
        summary: 'Preview an email template for a chosen customer in Finnish and English',
        description: 'Renders as the email step would (persona variant, strict variables, footer); nothing is sent or saved. Problems are listed with JSON pointers.',
        security: adminSecurity,
        body: PreviewEmailBody,
        response: { 200: EmailPreviewSchema, ...problemResponses(422) },
      },
    },
    async (request) => {
      const body = request.body;
      return previewEmail(
        app.db,
        ws(request),
        { template: body.template as EmailTemplate, contact_id: body.contact_id, purpose: body.purpose, survey: body.survey },
        `${request.protocol}://${request.host}`,
      );
    },
  );
});
