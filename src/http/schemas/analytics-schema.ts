import { Type } from 'typebox';
import { CLV_MODEL_KINDS } from '../../analytics/clv/clv-model.js';
import { TIME_UNITS } from '../../analytics/clv/read-repeat-purchase-summary.js';
import type { BgNbdParams } from '../../analytics/models/fit-bg-nbd.js';
import type { ParetoNbdParams } from '../../analytics/models/pareto-nbd-likelihood.js';
import { RFM_SEGMENTS } from '../../analytics/rfm/rfm-segment.js';
import { Nullable } from './nullable.js';
import { DateTimeInput, TimestampSchema } from './timestamp-schema.js';

const IsoDate = (description: string) => Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description });
const SegmentKey = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,62}$', description: 'An account segment key' });
const AsOf = Type.String({ minLength: 10, maxLength: 40, description: 'ISO 8601 date or date-time; default now' });
const ChurnAfterDays = Type.Integer({ minimum: 1, maximum: 3650, description: 'Days without an order after which an account counts as churned (default 365)' });

// ---- CLV ----

export const ClvFitBody = Type.Object(
  {
    kind: Type.Optional(Type.Enum(CLV_MODEL_KINDS, { description: 'Transaction model (default bg-nbd); the spend model is always Gamma-Gamma' })),
    calibration_end: Type.Optional(IsoDate('Last day of calibration, inclusive; default the day of the latest order')),
    unit: Type.Optional(Type.Enum(TIME_UNITS, { description: 'Time unit of the model (default week)' })),
    segment: Type.Optional(SegmentKey),
    score: Type.Optional(Type.Boolean({ description: 'Score the accounts with the new model (default true)' })),
    as_of: Type.Optional(IsoDate('Score from the orders up to this day (default the calibration end); may be as late as today')),
    horizon: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 10000, description: 'expected_purchases over this many time units (default one year)' })),
    clv_periods: Type.Optional(Type.Integer({ minimum: 1, maximum: 600, description: 'CLV over this many months (default 12)' })),
    discount_rate: Type.Optional(Type.Number({ minimum: 0, exclusiveMaximum: 1, description: 'Monthly discount rate (default 0.01)' })),
    margin: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'Share of spend that is profit (default 1)' })),
  },
  { additionalProperties: false },
);

/** BG/NBD { r, alpha, a, b } or Pareto/NBD { r, alpha, s, beta }. */
const ParamsSchema = Type.Unsafe<BgNbdParams | ParetoNbdParams>({
  type: 'object',
  additionalProperties: { type: 'number' },
  description: 'BG/NBD: r, alpha, a, b; Pareto/NBD: r, alpha, s, beta',
});

export const ClvModelSchema = Type.Object(
  {
    id: Type.Integer(),
    kind: Type.Enum(CLV_MODEL_KINDS),
    segment_key: Nullable(Type.String()),
    calibration_end: Type.String({ description: 'YYYY-MM-DD' }),
    time_unit: Type.Enum(TIME_UNITS),
    params: Type.Object({
      transaction: ParamsSchema,
      spend: Type.Object({ p: Type.Number(), q: Type.Number(), gamma: Type.Number() }),
    }),
    log_likelihood: Type.Number({ description: "The transaction model's maximised log-likelihood" }),
    converged: Type.Boolean(),
    iterations: Type.Integer(),
    customers: Type.Integer(),
    repeat_customers: Type.Integer(),
    diagnostics: Type.Object({
      transaction: Type.Object({ log_likelihood: Type.Number(), iterations: Type.Integer(), evaluations: Type.Integer(), distinct_rows: Type.Integer(), message: Type.String() }),
      spend: Type.Object({ log_likelihood: Type.Number(), iterations: Type.Integer(), customers: Type.Integer(), excluded_zero_spend: Type.Integer(), message: Type.String() }),
      later_customers: Type.Integer(),
      first_order_day: Type.String(),
      last_order_day: Type.String(),
    }),
    data_orders: Type.Integer({ description: 'Orders the fit saw (fingerprint)' }),
    data_updated_at: Nullable(TimestampSchema),
    fitted_at: TimestampSchema,
    scored_at: Nullable(TimestampSchema),
    scoring: Nullable(
      Type.Object({
        as_of: Type.String(),
        horizon: Type.Number(),
        clv_periods: Type.Integer(),
        clv_period_length: Type.Number(),
        discount_rate: Type.Number(),
        margin: Type.Number(),
        accounts: Type.Integer(),
      }),
    ),
  },
  { title: 'ClvModel' },
);

export const ClvFitResultSchema = Type.Object({
  model: ClvModelSchema,
  scoring: Nullable(
    Type.Object({
      model_id: Type.Integer(),
      totals: Type.Object({ expected_purchases: Type.Number(), expected_spend_mean: Type.Number(), clv: Type.Number() }),
      removed: Type.Integer(),
      changed: Type.Integer({ description: 'Accounts whose metrics changed; they are queued for recompute' }),
      scored_at: TimestampSchema,
    }),
  ),
  elapsed_ms: Type.Integer(),
  timings: Type.Object(
    { read_ms: Type.Integer(), fit_ms: Type.Integer(), score_ms: Type.Integer() },
    { description: 'Reading the orders, fitting both models, storing the model and scoring the accounts (computing and writing their metrics)' },
  ),
});

export const ClvReportQuery = Type.Object(
  {
    model: Type.Optional(Type.Integer({ minimum: 1, description: 'Model id (default the latest)' })),
    segment: Type.Optional(SegmentKey),
    top: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'Top accounts to list (default 10)' })),
  },
  { additionalProperties: false },
);

export const ClvReportSchema = Type.Object(
  {
    model: ClvModelSchema,
    stale: Type.Boolean({ description: 'The orders changed since the fit' }),
    stale_reasons: Type.Array(Type.String()),
    current_data: Type.Object({ orders: Type.Integer(), updated_at: Nullable(TimestampSchema) }),
    distribution: Nullable(
      Type.Object({
        accounts: Type.Integer(),
        total: Type.Number(),
        mean: Type.Number(),
        min: Type.Number(),
        max: Type.Number(),
        quantiles: Type.Array(Type.Object({ p: Type.Number(), value: Type.Number() })),
        deciles: Type.Array(
          Type.Object({
            decile: Type.Integer({ description: '1 = the tenth with the highest CLV' }),
            accounts: Type.Integer(),
            total: Type.Number(),
            mean: Type.Number(),
            min: Type.Number(),
            max: Type.Number(),
            share: Type.Number({ description: 'Share of all CLV' }),
          }),
        ),
      }),
    ),
    top_accounts: Type.Array(
      Type.Object({
        id: Type.Integer(),
        name: Type.String(),
        external_id: Nullable(Type.String()),
        clv: Type.Number(),
        p_active: Nullable(Type.Number()),
        expected_purchases: Nullable(Type.Number()),
        expected_spend: Nullable(Type.Number()),
      }),
    ),
  },
  { title: 'ClvReport' },
);

// ---- RFM ----

const RfmSegmentCountSchema = Type.Object({
  segment: Type.Enum(RFM_SEGMENTS.map((s) => s.key)),
  name: Type.String(),
  accounts: Type.Integer(),
  share: Type.Number(),
  avg_recency_days: Nullable(Type.Number()),
  avg_frequency: Nullable(Type.Number()),
  avg_monetary: Nullable(Type.Number()),
});

export const RfmSegmentsSchema = Type.Object(
  { computed_at: Nullable(TimestampSchema), as_of: Nullable(TimestampSchema), accounts: Type.Integer(), segments: Type.Array(RfmSegmentCountSchema) },
  { title: 'RfmSegments' },
);

export const RfmComputeBody = Type.Object({ as_of: Type.Optional(DateTimeInput('Score as of this time (default now)')) }, { additionalProperties: false });

export const RfmResultSchema = Type.Object(
  {
    as_of: TimestampSchema,
    computed_at: TimestampSchema,
    accounts: Type.Integer(),
    segments: Type.Array(RfmSegmentCountSchema),
    removed: Type.Integer(),
    changed: Type.Integer({ description: 'Accounts whose scores changed; they are queued for recompute' }),
    elapsed_ms: Type.Integer(),
  },
  { title: 'RfmResult' },
);

// ---- retention ----

export const RetentionQuery = Type.Object(
  {
    by: Type.Optional(Type.String({ maxLength: 120, description: 'kind, country, industry, owner, trait:<name>, stage or segment:<key>' })),
    churn_after_days: Type.Optional(ChurnAfterDays),
    as_of: Type.Optional(AsOf),
    confidence: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'Band confidence level (default 0.95)' })),
    max_groups: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, description: 'Largest groups kept, the rest merged into (other) (default 10)' })),
    duration_trait: Type.Optional(Type.String({ maxLength: 100, description: 'Lifetimes from traits: the trait holding each account\'s lifetime (e.g. tenure); needs churn_trait and churn_value' })),
    duration_unit: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')], { description: 'Unit of duration_trait (default month)' })),
    churn_trait: Type.Optional(Type.String({ maxLength: 100, description: 'The trait that says whether the account left (e.g. Churn)' })),
    churn_value: Type.Optional(Type.String({ maxLength: 200, description: 'The churn_trait value that means it left (e.g. Yes)' })),
  },
  { additionalProperties: false },
);

export const RetentionCurvesSchema = Type.Object(
  {
    by: Nullable(Type.String()),
    time_unit: Type.String({ description: 'Unit of days, median_days and milestones: day from orders, else the duration trait\'s unit' }),
    skipped_accounts: Type.Integer({ description: 'Accounts without a numeric duration trait (lifetimes from traits only)' }),
    churn_after_days: Type.Integer(),
    as_of: TimestampSchema,
    confidence: Type.Number(),
    accounts: Type.Integer(),
    curves: Type.Array(
      Type.Object({
        group: Type.String(),
        accounts: Type.Integer(),
        churned: Type.Integer(),
        median_days: Nullable(Type.Number()),
        median_lower: Nullable(Type.Number()),
        median_upper: Nullable(Type.Number()),
        milestones: Type.Array(Type.Object({ days: Type.Integer(), retention: Type.Number() })),
        points: Type.Array(
          Type.Object({
            days: Type.Integer(),
            at_risk: Type.Integer(),
            churned: Type.Integer(),
            censored: Type.Integer(),
            retention: Type.Number(),
            lower: Type.Number(),
            upper: Type.Number(),
          }),
        ),
      }),
    ),
    log_rank: Nullable(
      Type.Object({
        statistic: Type.Number(),
        degrees_of_freedom: Type.Integer(),
        p_value: Type.Number(),
        groups: Type.Array(Type.Object({ group: Type.String(), accounts: Type.Integer(), observed: Type.Number(), expected: Type.Number() })),
      }),
    ),
  },
  { title: 'RetentionCurves' },
);

export const CohortQuery = Type.Object(
  {
    as_of: Type.Optional(AsOf),
    months: Type.Optional(Type.Integer({ minimum: 1, maximum: 240, description: 'Acquisition months, ending with the as-of month (default 24)' })),
    period_months: Type.Optional(Type.Integer({ minimum: 1, maximum: 60, description: 'Window for churn and revenue retention (default 12)' })),
    periods: Type.Optional(Type.Integer({ minimum: 1, maximum: 60, description: 'How many windows (default 4)' })),
    churn_after_days: Type.Optional(ChurnAfterDays),
  },
  { additionalProperties: false },
);

export const CohortRetentionSchema = Type.Object(
  {
    as_of: TimestampSchema,
    churn_after_days: Type.Integer(),
    period_months: Type.Integer(),
    cohorts: Type.Array(
      Type.Object({
        cohort: Type.String({ description: 'YYYY-MM of the first order' }),
        accounts: Type.Integer(),
        active: Type.Array(Type.Integer()),
        revenue: Type.Array(Type.Number()),
        logo_retention: Type.Array(Type.Number()),
        revenue_retention: Type.Array(Nullable(Type.Number())),
      }),
    ),
    periods: Type.Array(
      Type.Object({
        start: TimestampSchema,
        end: TimestampSchema,
        active_at_start: Type.Integer(),
        new_accounts: Type.Integer(),
        churned: Type.Integer(),
        churn_rate: Nullable(Type.Number()),
        revenue: Type.Number(),
        base_revenue: Type.Number(),
        retained_revenue: Type.Number(),
        retained_revenue_capped: Type.Number(),
        net_revenue_retention: Nullable(Type.Number()),
        gross_revenue_retention: Nullable(Type.Number()),
      }),
    ),
  },
  { title: 'CohortRetention' },
);

// ---- account metrics ----

export const AccountMetricsSchema = Type.Object(
  {
    account_id: Type.Integer(),
    metrics: Type.Array(
      Type.Object({
        metric: Type.String(),
        value: Nullable(Type.Number()),
        computed_at: TimestampSchema,
        model: Nullable(Type.String({ description: "What computed it: a CLV model's id, rfm, ..." })),
      }),
    ),
    rfm_segment: Nullable(Type.String({ description: 'The classic RFM segment of the R and F scores (champions, loyal, ..., hibernating); null before RFM is computed' })),
  },
  { title: 'AccountMetrics' },
);

// ---- Reasons for leaving ----

export const LeavingReasonsQuery = Type.Object(
  {
    as_of: Type.Optional(AsOf),
    months: Type.Optional(Type.Integer({ minimum: 1, maximum: 240, description: 'Leavers within this many months before as_of (default 24)' })),
    event: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "The event of leaving (default 'Subscription Cancelled')" })),
    property: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: "Its property with the reason (default 'reason')" })),
    by: Type.Optional(Type.String({ maxLength: 120, description: 'kind, country, industry, owner, trait:<name>, stage or segment:<key>' })),
  },
  { additionalProperties: false },
);

export const LeavingReasonsSchema = Type.Object(
  {
    as_of: TimestampSchema,
    months: Type.Integer(),
    event: Type.String(),
    by: Nullable(Type.String()),
    leavers: Type.Integer(),
    reasons: Type.Array(
      Type.Object({
        reason: Type.String(),
        accounts: Type.Integer(),
        share: Type.Number(),
        revenue_lost: Type.Number({ description: 'Revenue of these accounts in their last 12 months' }),
        median_tenure_days: Nullable(Type.Number({ description: 'Median days from the first order to leaving' })),
      }),
    ),
    groups: Type.Array(Type.Object({ group: Type.String(), leavers: Type.Integer(), reasons: Type.Array(Type.Object({ reason: Type.String(), accounts: Type.Integer(), share: Type.Number() })) })),
  },
  { title: 'LeavingReasons' },
);
