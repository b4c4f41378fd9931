import { Type } from 'typebox';

/**
 * The rule language (rule.ts) as a recursive JSON schema for the OpenAPI document. It is
 * documentation: requests are checked by validateRule, which knows the subject's fields,
 * the segments and the stages and names the exact path and reason of every problem.
 */
const OPS = ['eq', 'neq', 'in', 'not_in', 'gt', 'gte', 'lt', 'lte', 'between', 'contains', 'starts_with', 'exists', 'not_exists', 'within_last_days', 'more_than_days_ago', 'within_next_days'];

const Scalar = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);
const comparison = {
  op: Type.Enum(OPS, {
    description:
      'eq, neq, in, not_in: strings, numbers, booleans; gt, gte, lt, lte, between: numbers and dates (ISO 8601 values); ' +
      'contains, starts_with: strings, case-insensitive; exists, not_exists: any type, no value; ' +
      'within_last_days, more_than_days_ago, within_next_days: dates, value = days',
  }),
  value: Type.Optional(
    Type.Union([Scalar, Type.Array(Scalar)], {
      description: 'Absent for exists/not_exists; a list for in/not_in; [low, high] for between (inclusive); days for the relative date operators',
    }),
  ),
};
const Days = (description: string) => Type.Integer({ minimum: 1, maximum: 36500, description });
const Window = Type.Optional(Days('Only what happened in the last n days: (now - n days, now]'));

const defs = {
  KantaRule: Type.Union(
    [
      Type.Ref('KantaRuleAll'),
      Type.Ref('KantaRuleAny'),
      Type.Ref('KantaRuleNot'),
      Type.Ref('KantaTraitCondition'),
      Type.Ref('KantaEventCondition'),
      Type.Ref('KantaOrderCondition'),
      Type.Ref('KantaMetricCondition'),
      Type.Ref('KantaSegmentCondition'),
      Type.Ref('KantaStageCondition'),
      Type.Ref('KantaContactsCondition'),
    ],
    {
      description:
        'A rule over one account or contact. A condition whose value is missing (no such trait, a trait of another ' +
        'JSON type, an average of no events) is false, and `not` of it true; counts and sums of nothing are 0. ' +
        'At most 20 levels deep.',
    },
  ),
  KantaRuleAll: Type.Object({ all: Type.Array(Type.Ref('KantaRule'), { minItems: 1, description: 'Every rule holds' }) }, { additionalProperties: false }),
  KantaRuleAny: Type.Object({ any: Type.Array(Type.Ref('KantaRule'), { minItems: 1, description: 'At least one rule holds' }) }, { additionalProperties: false }),
  KantaRuleNot: Type.Object({ not: Type.Ref('KantaRule') }, { additionalProperties: false }),
  KantaTraitCondition: Type.Object(
    {
      trait: Type.String({
        description:
          'A column (accounts: name, domain, industry, employees, country, owner, kind, created_at; contacts: email, first_name, ' +
          'last_name, title, locale, timezone, buying_role, persona, created_at) or traits.<key>',
      }),
      type: Type.Optional(Type.Enum(['string', 'number', 'boolean', 'date'], { description: 'How to read traits.<key> (default string)' })),
      ...comparison,
    },
    { additionalProperties: false },
  ),
  KantaEventCondition: Type.Object(
    {
      event: Type.String({ description: 'Event name, e.g. Order Completed' }),
      measure: Type.Optional(
        Type.Object(
          {
            fn: Type.Enum(['count', 'sum', 'avg', 'min', 'max', 'first', 'last', 'first_at', 'last_at'], { description: 'Default count' }),
            property: Type.Optional(Type.String({ description: 'The numeric property for sum, avg, min, max, first, last' })),
          },
          { additionalProperties: false },
        ),
      ),
      within_days: Window,
      where: Type.Optional(
        Type.Array(
          Type.Object(
            { property: Type.String(), op: Type.Enum(['eq', 'neq', 'in']), value: Type.Union([Scalar, Type.Array(Scalar)]) },
            { additionalProperties: false },
          ),
          { minItems: 1, description: 'Only events whose properties match' },
        ),
      ),
      ...comparison,
    },
    { additionalProperties: false },
  ),
  KantaOrderCondition: Type.Object(
    {
      orders: Type.Enum(['count', 'revenue', 'avg_value', 'first_at', 'last_at'], { description: 'Cancelled orders excluded; revenue is total minus refunds' }),
      within_days: Window,
      ...comparison,
    },
    { additionalProperties: false },
  ),
  KantaMetricCondition: Type.Object(
    {
      metric: Type.String({ description: 'tenure_days, days_in_stage, or a stored metric (rfm_r, rfm_f, rfm_m, rfm_score, clv, p_active, ...)' }),
      ...comparison,
    },
    { additionalProperties: false },
  ),
  KantaSegmentCondition: Type.Object({ in_segment: Type.String({ description: 'A segment key of the same subject type' }) }, { additionalProperties: false }),
  KantaStageCondition: Type.Object(
    { stage_in: Type.Array(Type.String(), { minItems: 1, description: 'Lifecycle stage keys' }) },
    { additionalProperties: false },
  ),
  KantaContactsCondition: Type.Object(
    {
      contacts: Type.Union([Type.Enum(['any', 'all', 'none']), Type.Object({ count: Type.Object(comparison) }, { additionalProperties: false })], {
        description: 'Accounts only: any, all (and at least one), none of the contacts, or a comparison of how many match',
      }),
      where: Type.Ref('KantaRule'),
    },
    { additionalProperties: false },
  ),
};

/** The full grammar, recursive (components.schemas in the OpenAPI document). */
export const RuleSchema = Type.Cyclic(defs, 'KantaRule', { title: 'Rule' });

/**
 * For request bodies: documents the grammar (the Rule schema) but lets any JSON object
 * through untouched, so the route hands it to validateRule, whose issues carry the exact
 * path and reason (Ajv would answer "must match a schema in anyOf"). The permissive branch
 * comes first: Ajv stops at the first branch that holds, so the strict one never runs on an
 * object and its type coercion (coerceTypes) never rewrites the client's rule.
 */
export const RuleInputSchema = Type.Union(
  [Type.Object({}, { additionalProperties: true, description: 'Any object: the rule validator reports each problem with its JSON pointer' }), RuleSchema],
  { description: 'A rule (see the Rule schema)' },
);
