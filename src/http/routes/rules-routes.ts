import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { listEventProperties } from '../../rules/list-event-properties.js';
import { listRuleVocabulary } from '../../rules/list-rule-vocabulary.js';
import { adminScope } from '../admin-scope.js';
import { principalOf } from '../authenticate.js';
import { adminSecurity, problemResponses } from '../schemas/problem-responses.js';
import { EventPropertiesQuery, EventPropertiesSchema, RuleVocabularySchema } from '../schemas/rule-vocabulary-schema.js';

const tags = ['rules'];

/** /api/v1/rules: what the workspace's data lets a rule name (suggestions for the rule builder of segments, stages and programmes). */
export const rulesRoutes = adminScope(async (instance) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const ws = (request: Parameters<typeof principalOf>[0]) => principalOf(request).workspaceId;

  app.get(
    '/api/v1/rules/vocabulary',
    {
      schema: {
        tags,
        summary: 'Event names, trait keys and stored metrics found in the data',
        security: adminSecurity,
        response: { 200: RuleVocabularySchema, ...problemResponses() },
      },
    },
    async (request) => listRuleVocabulary(app.db, ws(request)),
  );

  app.get(
    '/api/v1/rules/event-properties',
    {
      schema: {
        tags,
        summary: "An event name's property keys, from its latest events",
        security: adminSecurity,
        querystring: EventPropertiesQuery,
        response: { 200: EventPropertiesSchema, ...problemResponses() },
      },
    },
    async (request) => listEventProperties(app.db, ws(request), request.query.event),
  );
});
