import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { explainStage } from '../../lifecycle/explain-stage.js';
import { getLifecycleBoard } from '../../lifecycle/get-lifecycle-board.js';
import { getLifecycleDefinition } from '../../lifecycle/get-lifecycle-definition.js';
import { getSubjectStage } from '../../lifecycle/get-subject-stage.js';
import { listLifecycleVersions } from '../../lifecycle/list-lifecycle-versions.js';
import { saveLifecycleDefinition } from '../../lifecycle/save-lifecycle-definition.js';
import type { SubjectType } from '../../rules/rule.js';
import { adminScope } from '../admin-scope.js';
import { principalOf } from '../authenticate.js';
import { IdParams } from '../schemas/id-params-schema.js';
import {
  LifecycleBoardQuery,
  LifecycleBoardSchema,
  LifecycleSaveBody,
  LifecycleSaveQuery,
  LifecycleSaveResultSchema,
  LifecycleVersionsSchema,
  StageExplanationSchema,
  StoredLifecycleSchema,
  SubjectQuery,
  SubjectStageQuery,
  SubjectStageSchema,
} from '../schemas/lifecycle-schema.js';
import { adminSecurity, problemResponses } from '../schemas/problem-responses.js';

const tags = ['lifecycle'];

/** GET .../stage and .../stage/why under /api/v1/accounts/{id} or /api/v1/contacts/{id}. */
function subjectStageRoutes(instance: FastifyInstance, subject: SubjectType): void {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const base = subject === 'account' ? '/api/v1/accounts/:id' : '/api/v1/contacts/:id';
  const who = subject === 'account' ? 'an account' : 'a contact';
  app.get(
    `${base}/stage`,
    {
      schema: {
        tags,
        summary: `The current lifecycle stage of ${who} and its stage history`,
        description: 'History newest first, keyset-paginated; each move names its transition, the definition version and the facts its rule read.',
        security: adminSecurity,
        params: IdParams,
        querystring: SubjectStageQuery,
        response: { 200: SubjectStageSchema, ...problemResponses(404) },
      },
    },
    async (request) => getSubjectStage(app.db, principalOf(request).workspaceId, subject, request.params.id, request.query),
  );
  app.get(
    `${base}/stage/why`,
    {
      schema: {
        tags,
        summary: `Why ${who} is in its stage, and what would move it next`,
        description:
          'Since when, by which transition and definition version, with the facts then; and the transitions out of the stage evaluated now, ' +
          'condition by condition, in Finnish and English.',
        security: adminSecurity,
        params: IdParams,
        response: { 200: StageExplanationSchema, ...problemResponses(404) },
      },
    },
    async (request) => explainStage(app.db, principalOf(request).workspaceId, subject, request.params.id),
  );
}

/** /api/v1/lifecycle: the versioned lifecycle definitions, the board; and stage and "why" of accounts and contacts. */
export const lifecycleRoutes = adminScope(async (instance) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const ws = (request: Parameters<typeof principalOf>[0]) => principalOf(request).workspaceId;

  app.get(
    '/api/v1/lifecycle',
    {
      schema: {
        tags,
        summary: 'The current lifecycle definition of accounts or contacts',
        security: adminSecurity,
        querystring: SubjectQuery,
        response: { 200: StoredLifecycleSchema, ...problemResponses() },
      },
    },
    async (request) => getLifecycleDefinition(app.db, ws(request), request.query.subject ?? 'account'),
  );

  app.get(
    '/api/v1/lifecycle/versions',
    {
      schema: {
        tags,
        summary: 'Every version of the lifecycle definition, newest first',
        security: adminSecurity,
        querystring: SubjectQuery,
        response: { 200: LifecycleVersionsSchema, ...problemResponses() },
      },
    },
    async (request) => ({ data: await listLifecycleVersions(app.db, ws(request), request.query.subject ?? 'account') }),
  );

  app.put(
    '/api/v1/lifecycle',
    {
      schema: {
        tags,
        summary: 'Save an edited lifecycle definition as a new version',
        description:
          'The definition is checked as a whole (422 with every problem and its path). A stage the edit deletes that holds subjects needs ' +
          'stageMapping; dry_run=true reports how many subjects each deleted stage holds and where they would go, without saving.',
        security: adminSecurity,
        querystring: LifecycleSaveQuery,
        body: LifecycleSaveBody,
        response: { 200: LifecycleSaveResultSchema, ...problemResponses(422) },
      },
    },
    async (request) =>
      saveLifecycleDefinition(app.db, ws(request), request.query.subject ?? 'account', {
        definition: request.body.definition,
        stageMapping: request.body.stageMapping,
        note: request.body.note,
        dryRun: request.query.dry_run ?? false,
      }),
  );

  app.get(
    '/api/v1/lifecycle/board',
    {
      schema: {
        tags,
        summary: 'Counts per stage now and the flows between stages within a period',
        security: adminSecurity,
        querystring: LifecycleBoardQuery,
        response: { 200: LifecycleBoardSchema, ...problemResponses() },
      },
    },
    async (request) =>
      getLifecycleBoard(app.db, ws(request), request.query.subject ?? 'account', { from: request.query.from, to: request.query.to }),
  );

  subjectStageRoutes(instance, 'account');
  subjectStageRoutes(instance, 'contact');
});
