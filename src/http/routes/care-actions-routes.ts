import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { getSubjectCalendar } from '../../programmes/engine/get-subject-calendar.js';
import { listCareActions } from '../../programmes/engine/list-care-actions.js';
import { listCareRuns } from '../../programmes/engine/list-care-runs.js';
import { retryDeadAction } from '../../programmes/engine/retry-dead-action.js';
import { adminScope } from '../admin-scope.js';
import { principalOf } from '../authenticate.js';
import { CareActionListQuery, CareActionSchema, CareRunListQuery, CareRunSchema, RetriedActionSchema, SubjectCalendarSchema } from '../schemas/care-actions-schema.js';
import { IdParams } from '../schemas/id-params-schema.js';
import { PageOf } from '../schemas/pagination-schema.js';
import { adminSecurity, problemResponses } from '../schemas/problem-responses.js';

const tags = ['programmes'];

/** /api/v1/programmes/actions and /runs: the durable schedule of care programmes, the dead-letter list, retries, and per-customer calendars. */
export const careActionsRoutes = adminScope(async (instance) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const ws = (request: Parameters<typeof principalOf>[0]) => principalOf(request).workspaceId;

  app.get(
    '/api/v1/programmes/actions',
    {
      schema: {
        tags,
        summary: 'Care actions by due time',
        description: "Every scheduled step is a durable row. status=dead is the dead-letter list; filter by element, subject (subject_type with subject_id) and a due range.",
        security: adminSecurity,
        querystring: CareActionListQuery,
        response: { 200: PageOf(CareActionSchema), ...problemResponses() },
      },
    },
    async (request) => listCareActions(app.db, ws(request), request.query),
  );

  app.post(
    '/api/v1/programmes/actions/:id/retry',
    {
      schema: {
        tags,
        summary: 'Retry a dead action',
        description: 'Schedules it again, due now, attempts counted from zero. Only dead actions can be retried (else 409). Its effect still happens once: emails keep their Message-ID, webhooks their webhook-id.',
        security: adminSecurity,
        params: IdParams,
        response: { 200: RetriedActionSchema, ...problemResponses(404, 409) },
      },
    },
    async (request) => retryDeadAction(app.db, ws(request), request.params.id),
  );

  app.get(
    '/api/v1/programmes/runs',
    {
      schema: {
        tags,
        summary: 'Care runs, newest first',
        description: 'A run is one subject going through one element (treated, or held out as control), with its actions by status.',
        security: adminSecurity,
        querystring: CareRunListQuery,
        response: { 200: PageOf(CareRunSchema), ...problemResponses() },
      },
    },
    async (request) => listCareRuns(app.db, ws(request), request.query),
  );

  for (const subject of ['account', 'contact'] as const) {
    app.get(
      `/api/v1/${subject}s/:id/care-calendar`,
      {
        schema: {
          tags,
          summary: `What Kanta will do for one ${subject}, and when`,
          description: 'Scheduled actions, the next anniversary and date-trait occurrences of enabled elements, and the history of what ran.',
          security: adminSecurity,
          params: IdParams,
          response: { 200: SubjectCalendarSchema, ...problemResponses(404) },
        },
      },
      async (request) => getSubjectCalendar(app.db, ws(request), subject, request.params.id),
    );
  }
});
