import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { fitClvModel } from '../../analytics/clv/fit-clv-model.js';
import { getClvReport } from '../../analytics/clv/get-clv-report.js';
import { listAccountMetrics } from '../../analytics/list-account-metrics.js';
import { estimateRetentionCurves } from '../../analytics/retention/estimate-retention-curves.js';
import { getCohortRetention } from '../../analytics/retention/get-cohort-retention.js';
import { getLeavingReasons } from '../../analytics/retention/get-leaving-reasons.js';
import { projectCohortSurvival } from '../../analytics/retention/project-cohort-survival.js';
import { computeRfmScores } from '../../analytics/rfm/compute-rfm-scores.js';
import { getRfmSegments } from '../../analytics/rfm/get-rfm-segments.js';
import { AppError } from '../../errors/app-error.js';
import { adminScope } from '../admin-scope.js';
import { principalOf } from '../authenticate.js';
import {
  AccountMetricsSchema,
  ClvFitBody,
  ClvFitResultSchema,
  ClvReportQuery,
  ClvReportSchema,
  CohortQuery,
  CohortRetentionSchema,
  LeavingReasonsQuery,
  LeavingReasonsSchema,
  RetentionCurvesSchema,
  RetentionQuery,
  RfmComputeBody,
  RfmResultSchema,
  RfmSegmentsSchema,
} from '../schemas/analytics-schema.js';
import { IdParams } from '../schemas/id-params-schema.js';
import { adminSecurity, problemResponses } from '../schemas/problem-responses.js';
import { RetentionProjectionQuery, RetentionProjectionSchema } from '../schemas/retention-projection-schema.js';

const tags = ['analytics'];

interface LifetimeQuery {
  duration_trait?: string;
  duration_unit?: 'day' | 'week' | 'month';
  churn_trait?: string;
  churn_value?: string;
}

/** Lifetimes from traits take duration_trait, churn_trait and churn_value together (the unit defaults to month). */
function lifetimeOf(q: LifetimeQuery) {
  const traits = [q.duration_trait, q.churn_trait, q.churn_value];
  if (traits.some((v) => v !== undefined) && traits.some((v) => v === undefined)) {
    const missing = (['duration_trait', 'churn_trait', 'churn_value'] as const).filter((k) => q[k] === undefined);
    throw new AppError('validation_failed', 'Lifetimes from traits need duration_trait, churn_trait and churn_value together', missing.map((k) => ({ path: `querystring/${k}`, message: 'required with the other lifetime traits' })));
  }
  return q.duration_trait && q.churn_trait && q.churn_value !== undefined ? { durationTrait: q.duration_trait, unit: q.duration_unit ?? 'month', churnTrait: q.churn_trait, churnValue: q.churn_value } : null;
}

/** /api/v1/analytics: CLV models, RFM, retention curves, the retention projection and cohorts; per-account metrics. */
export const analyticsRoutes = adminScope(async (instance) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.post(
    '/api/v1/analytics/clv/fit',
    {
      schema: {
        tags,
        summary: 'Fit a CLV model on the orders and score the accounts with it',
        description:
          'BG/NBD (or Pareto/NBD) with Gamma-Gamma, by maximum likelihood on the calibration-period summary (same-day orders merged, the first purchase not a repeat, cancelled orders left out). ' +
          'Stores the model and, unless `score` is false, writes expected_purchases, p_active, expected_spend and clv per account into the metrics the rules read. ' +
          '422 with `reason` (insufficient_data, not_converged, degenerate) when the data cannot carry the model; 400 when the calibration end is outside the data.',
        security: adminSecurity,
        body: ClvFitBody,
        response: { 201: ClvFitResultSchema, ...problemResponses(404, 422) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const result = await fitClvModel(app.db, principalOf(request).workspaceId, {
        ...(b.kind ? { kind: b.kind } : {}),
        calibrationEnd: b.calibration_end ?? null,
        ...(b.unit ? { unit: b.unit } : {}),
        segmentKey: b.segment ?? null,
        score:
          b.score === false
            ? false
            : { asOf: b.as_of ?? null, horizon: b.horizon ?? null, clvPeriods: b.clv_periods ?? null, discountRate: b.discount_rate ?? null, margin: b.margin ?? null },
      });
      return reply.code(201).send(result);
    },
  );

  app.get(
    '/api/v1/analytics/clv',
    {
      schema: {
        tags,
        summary: 'The latest (or a given) CLV model: parameters, fit, staleness, CLV distribution and top accounts',
        security: adminSecurity,
        querystring: ClvReportQuery,
        response: { 200: ClvReportSchema, ...problemResponses(404) },
      },
    },
    async (request) => getClvReport(app.db, principalOf(request).workspaceId, { modelId: request.query.model ?? null, segmentKey: request.query.segment ?? null, top: request.query.top ?? null }),
  );

  app.get(
    '/api/v1/analytics/rfm',
    {
      schema: {
        tags,
        summary: 'RFM segments as last computed',
        description: 'Counts of the classic RFM segments from the stored quintile scores; computed_at is null until they are computed (POST).',
        security: adminSecurity,
        response: { 200: RfmSegmentsSchema, ...problemResponses() },
      },
    },
    async (request) => getRfmSegments(app.db, principalOf(request).workspaceId),
  );

  app.post(
    '/api/v1/analytics/rfm',
    {
      schema: {
        tags,
        summary: 'Recompute the RFM scores of every account',
        description: 'Quintile scores 1-5 by rank (ties share a score) stored as rfm_r, rfm_f, rfm_m and rfm_score = 100 R + 10 F + M.',
        security: adminSecurity,
        body: RfmComputeBody,
        response: { 200: RfmResultSchema, ...problemResponses() },
      },
      // The body is optional: a bare POST recomputes as of now.
      preValidation: async (request) => {
        request.body ??= {};
      },
    },
    async (request) => computeRfmScores(app.db, principalOf(request).workspaceId, { asOf: request.body.as_of ?? null }),
  );

  app.get(
    '/api/v1/analytics/retention',
    {
      schema: {
        tags,
        summary: 'Kaplan-Meier retention curves with confidence bands, optionally by an account attribute',
        description:
          'Life starts at the first order; an account has churned when its last order is more than churn_after_days before as_of (the event is at its last order), otherwise it is censored at as_of. ' +
          'With a grouping, a log-rank test says whether the groups retain alike. ' +
          'Contractual data that knows each lifetime gives it as traits instead (duration_trait, duration_unit, churn_trait, churn_value; e.g. tenure in months and Churn = Yes).',
        security: adminSecurity,
        querystring: RetentionQuery,
        response: { 200: RetentionCurvesSchema, ...problemResponses(404) },
      },
    },
    async (request) => {
      const q = request.query;
      return estimateRetentionCurves(app.db, principalOf(request).workspaceId, {
        by: q.by ?? null,
        churnAfterDays: q.churn_after_days ?? null,
        asOf: q.as_of ?? null,
        confidence: q.confidence ?? null,
        maxGroups: q.max_groups ?? null,
        lifetime: lifetimeOf(q),
      });
    },
  );

  app.get(
    '/api/v1/analytics/retention/projection',
    {
      schema: {
        tags,
        summary: 'Retention projected with the shifted-beta-geometric model, fitted on the acquisition cohorts, next to the observed survival',
        description:
          'Cohorts by the month or year of the first order; periods count from each account\'s own first order, and an account is still a customer at the end of period t when it ordered on or after that day. ' +
          'A period is followed once churn_after_days have passed since its end (only then is silence churn). ' +
          'One (alpha, beta) is fitted by maximum likelihood on all cohorts pooled, each followed for the whole periods its youngest account has had (its survivors then right-censored). ' +
          'Rows give per period the observed (Kaplan-Meier) and projected survival, the retention rate and the expected remaining lifetime within the horizon. ' +
          'Lifetime traits (duration_trait, duration_unit, churn_trait, churn_value) replace the orders for contractual data. ' +
          '422 with `reason` (no_accounts, not_followed_yet, too_few_periods, too_few_accounts, too_few_churned, insufficient_data, not_converged, degenerate) when the data cannot carry the model.',
        security: adminSecurity,
        querystring: RetentionProjectionQuery,
        response: { 200: RetentionProjectionSchema, ...problemResponses(422) },
      },
    },
    async (request) => {
      const q = request.query;
      return projectCohortSurvival(app.db, principalOf(request).workspaceId, {
        period: q.period ?? null,
        horizon: q.horizon ?? null,
        cohorts: q.cohorts ?? null,
        churnAfterDays: q.churn_after_days ?? null,
        asOf: q.as_of ?? null,
        lifetime: lifetimeOf(q),
      });
    },
  );

  app.get(
    '/api/v1/analytics/cohorts',
    {
      schema: {
        tags,
        summary: 'Cohort retention by acquisition month (logo and revenue), churn rate, gross and net revenue retention',
        security: adminSecurity,
        querystring: CohortQuery,
        response: { 200: CohortRetentionSchema, ...problemResponses() },
      },
    },
    async (request) => {
      const q = request.query;
      return getCohortRetention(app.db, principalOf(request).workspaceId, {
        asOf: q.as_of ?? null,
        months: q.months ?? null,
        periodMonths: q.period_months ?? null,
        periods: q.periods ?? null,
        churnAfterDays: q.churn_after_days ?? null,
      });
    },
  );

  app.get(
    '/api/v1/analytics/leaving-reasons',
    {
      schema: {
        tags,
        summary: 'Why customers left: reasons from the leaving events, with the revenue they cost and the tenure, overall and per group',
        security: adminSecurity,
        querystring: LeavingReasonsQuery,
        response: { 200: LeavingReasonsSchema, ...problemResponses(404) },
      },
    },
    async (request) => {
      const q = request.query;
      return getLeavingReasons(app.db, principalOf(request).workspaceId, {
        asOf: q.as_of ? new Date(q.as_of) : null,
        months: q.months ?? null,
        event: q.event ?? null,
        property: q.property ?? null,
        by: q.by ?? null,
      });
    },
  );

  app.get(
    '/api/v1/accounts/:id/metrics',
    {
      schema: {
        tags: ['accounts', ...tags],
        summary: "An account's computed metrics (CLV, P(active), RFM scores, ...), as the rules read them",
        security: adminSecurity,
        params: IdParams,
        response: { 200: AccountMetricsSchema, ...problemResponses(404) },
      },
    },
    async (request) => listAccountMetrics(app.db, principalOf(request).workspaceId, request.params.id),
  );
});
