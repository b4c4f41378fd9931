import { Type } from 'typebox';
import { Nullable } from './nullable.js';
import { TimestampSchema } from './timestamp-schema.js';

export const RetentionProjectionQuery = Type.Object(
  {
    period: Type.Optional(Type.Union([Type.Literal('month'), Type.Literal('year')], { description: 'Period length (default month)' })),
    horizon: Type.Optional(Type.Integer({ minimum: 1, maximum: 600, description: 'Periods to project past the longest followed one (default 24 months or 5 years)' })),
    cohorts: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Only the newest this many followed acquisition cohorts (default all; orders only)' })),
    churn_after_days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650, description: 'Days without an order after which an account counts as churned (default 365): a period is followed once this long has passed since its end' })),
    as_of: Type.Optional(Type.String({ minLength: 10, maxLength: 40, description: 'ISO 8601 date or date-time; default now' })),
    duration_trait: Type.Optional(Type.String({ maxLength: 100, description: "Lifetimes from traits: the trait holding each account's lifetime (e.g. tenure); needs churn_trait and churn_value" })),
    duration_unit: Type.Optional(Type.Union([Type.Literal('day'), Type.Literal('week'), Type.Literal('month')], { description: 'Unit of duration_trait (default month)' })),
    churn_trait: Type.Optional(Type.String({ maxLength: 100, description: 'The trait that says whether the account left (e.g. Churn)' })),
    churn_value: Type.Optional(Type.String({ maxLength: 200, description: 'The churn_trait value that means it left (e.g. Yes)' })),
  },
  { additionalProperties: false },
);

const Count = (description: string) => Type.Integer({ description });

export const RetentionProjectionSchema = Type.Object(
  {
    source: Type.Union([Type.Literal('orders'), Type.Literal('traits')]),
    period: Type.Union([Type.Literal('month'), Type.Literal('year')]),
    horizon: Type.Integer(),
    as_of: TimestampSchema,
    churn_after_days: Nullable(Type.Integer({ description: 'null for lifetime traits' })),
    accounts: Count('Accounts the fit used'),
    churned: Count('Of them, churned in the followed periods'),
    unobserved_accounts: Count('Accounts acquired too recently to be followed for one whole period'),
    skipped_accounts: Count('Accounts without a numeric duration trait (lifetime traits)'),
    older_cohort_accounts: Count('Accounts of older cohorts left out by cohorts'),
    cohorts: Type.Array(
      Type.Object({
        cohort: Type.String({ description: 'YYYY-MM or YYYY of the first order; for lifetime traits "followed N" (the accounts followed N periods)' }),
        accounts: Type.Integer(),
        followed: Type.Integer({ description: 'Whole periods the youngest account of the cohort has been followed' }),
        alive: Type.Array(Type.Integer(), { description: 'Index 0: acquired; t: still a customer at the end of period t (ordered on or after that day)' }),
      }),
    ),
    fit: Type.Object({
      alpha: Type.Number(),
      beta: Type.Number(),
      log_likelihood: Type.Number(),
      converged: Type.Boolean(),
      iterations: Type.Integer(),
      evaluations: Type.Integer(),
      periods: Type.Integer({ description: 'The longest followed period' }),
      mean_absolute_gap: Type.Number({ description: 'Mean of |actual - projected| survival over the followed periods' }),
    }),
    mean_lifetime: Nullable(Type.Number({ description: 'E[T] in periods; null when alpha <= 1 (the mean is infinite)' })),
    median_lifetime: Nullable(Type.Integer({ description: 'First period at whose end at most half remain' })),
    rows: Type.Array(
      Type.Object({
        period: Type.Integer({ description: 'Periods since acquisition' }),
        observed: Type.Boolean(),
        at_risk: Nullable(Type.Integer()),
        churned: Nullable(Type.Integer()),
        actual: Nullable(Type.Number({ description: 'Kaplan-Meier survival from the cohort counts' })),
        actual_retention_rate: Nullable(Type.Number()),
        projected: Type.Number({ description: 'The model survival S(t)' }),
        retention_rate: Nullable(Type.Number({ description: 'The model retention rate S(t) / S(t-1)' })),
        remaining_lifetime: Type.Number({ description: 'Expected periods a customer who has stayed this long still stays, within the next horizon periods' }),
      }),
    ),
  },
  { title: 'RetentionProjection' },
);
