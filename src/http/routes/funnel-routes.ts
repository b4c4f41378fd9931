import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { getAidaFunnel } from '../../analytics/funnel/get-aida-funnel.js';
import { getLifecycleFlows } from '../../analytics/funnel/get-lifecycle-flows.js';
import { adminScope } from '../admin-scope.js';
import { principalOf } from '../authenticate.js';
import { FlowsQuery, FlowsSchema, FunnelQuery, FunnelSchema } from '../schemas/funnel-schema.js';
import { adminSecurity, problemResponses } from '../schemas/problem-responses.js';

const tags = ['analytics'];
const date = (v: string | undefined) => (v === undefined ? null : new Date(v));

/** The AIDA funnel of prospects and the lifecycle flows (Sankey) from the recorded stage moves. */
export const funnelRoutes = adminScope(async (instance) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/analytics/funnel',
    {
      schema: {
        tags,
        summary: 'The AIDA funnel: conversion between the prospect steps and into the first customer stage, time in each step, per period and group',
        security: adminSecurity,
        querystring: FunnelQuery,
        response: { 200: FunnelSchema, ...problemResponses(404, 422) },
      },
    },
    async (request) => {
      const q = request.query;
      return getAidaFunnel(app.db, principalOf(request).workspaceId, { from: date(q.from), to: date(q.to), period: q.period ?? null, by: q.by ?? null });
    },
  );

  app.get(
    '/api/v1/analytics/lifecycle-flows',
    {
      schema: {
        tags,
        summary: 'Lifecycle flows for a Sankey view: moves between stages, per period, and the time to reach each stage',
        security: adminSecurity,
        querystring: FlowsQuery,
        response: { 200: FlowsSchema, ...problemResponses() },
      },
    },
    async (request) => {
      const q = request.query;
      return getLifecycleFlows(app.db, principalOf(request).workspaceId, q.subject ?? 'account', { from: date(q.from), to: date(q.to), period: q.period ?? null });
    },
  );
});
