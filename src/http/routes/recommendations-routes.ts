import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { evaluateRecommendations } from '../../analytics/recommendations/evaluate-recommendations.js';
import { recommendProducts } from '../../analytics/recommendations/recommend-products.js';
import { refreshRecommendationRules } from '../../analytics/recommendations/refresh-recommendation-rules.js';
import { adminScope } from '../admin-scope.js';
import { principalOf } from '../authenticate.js';
import { IdParams } from '../schemas/id-params-schema.js';
import { adminSecurity, problemResponses } from '../schemas/problem-responses.js';
import { AccountRecommendationsSchema, EvaluationQuery, EvaluationSchema, RecommendationsQuery, RulesBody, RulesSchema } from '../schemas/recommendation-schema.js';

const tags = ['analytics'];

/** Next-best offers: per-account recommendations, the rules behind them, and their measured quality. */
export const recommendationsRoutes = adminScope(async (instance) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/accounts/:id/recommendations',
    {
      schema: {
        tags: ['accounts', ...tags],
        summary: 'Next-best offers for an account (cross-sell from purchase-sequence rules, up-sell to the next plan), each with its reason',
        security: adminSecurity,
        params: IdParams,
        querystring: RecommendationsQuery,
        response: { 200: AccountRecommendationsSchema, ...problemResponses(404) },
      },
    },
    async (request) => recommendProducts(app.db, principalOf(request).workspaceId, request.params.id, request.query.k ?? 3),
  );

  app.post(
    '/api/v1/analytics/recommendations/rules',
    {
      schema: {
        tags,
        summary: 'Mine the association rules and plan steps again from all orders',
        security: adminSecurity,
        body: RulesBody,
        response: { 200: RulesSchema, ...problemResponses() },
      },
      // The body is optional: a bare POST mines with the default floors.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => {
      const b = request.body;
      const set = await refreshRecommendationRules(app.db, principalOf(request).workspaceId, { minCount: b.min_count, minConfidence: b.min_confidence });
      return { as_of: set.asOf, accounts: set.accounts, rules: set.rules, plan_steps: set.planSteps };
    },
  );

  app.get(
    '/api/v1/analytics/recommendations/evaluation',
    {
      schema: {
        tags,
        summary: "Precision and recall at k of the offers on a time split of the workspace's orders, against the most-popular baseline",
        security: adminSecurity,
        querystring: EvaluationQuery,
        response: { 200: EvaluationSchema, ...problemResponses(422) },
      },
    },
    async (request) => {
      const q = request.query;
      return evaluateRecommendations(app.db, principalOf(request).workspaceId, { splitAt: q.split_at ? new Date(q.split_at) : null, ks: q.k });
    },
  );
});
