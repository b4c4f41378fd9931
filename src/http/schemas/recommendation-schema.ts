import { Type } from 'typebox';
import { Nullable } from './nullable.js';
import { DateTimeInput } from './timestamp-schema.js';

const ProductRef = Type.Object({ id: Type.Integer(), sku: Type.String(), name: Type.String(), category: Nullable(Type.String()) });

export const RecommendationsQuery = Type.Object(
  { k: Type.Optional(Type.Integer({ minimum: 1, maximum: 20, description: 'How many offers (default 3)' })) },
  { additionalProperties: false },
);

export const AccountRecommendationsSchema = Type.Object(
  {
    account_id: Type.Integer(),
    rules_as_of: Type.String({ description: 'When the rules were mined (POST /api/v1/analytics/recommendations/rules mines them again)' }),
    accounts_in_rules: Type.Integer({ description: 'Accounts with purchases the rules were mined from' }),
    recommendations: Type.Array(
      Type.Object({
        product: ProductRef,
        kind: Type.Union([Type.Literal('cross_sell'), Type.Literal('up_sell')]),
        score: Type.Number({ description: "The rule's confidence (share of customers who had the products of `because` and then bought this), or for up-sell the share of customers on the current plan who moved up" }),
        lift: Nullable(Type.Number({ description: 'Confidence divided by the base rate of buying the product next' })),
        support: Nullable(Type.Number({ description: 'Share of all accounts the rule rests on' })),
        because: Type.Array(ProductRef, { description: 'What the offer rests on: "customers who bought these also bought" (empty: the base rate alone), or the current plan' }),
      }),
    ),
  },
  { title: 'AccountRecommendations' },
);

export const RulesBody = Type.Object(
  {
    min_count: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'Least accounts a rule rests on (default 5)' })),
    min_confidence: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'Least confidence of a rule (default 0.05)' })),
  },
  { additionalProperties: false },
);

export const RulesSchema = Type.Object(
  {
    as_of: Type.String(),
    accounts: Type.Integer(),
    rules: Type.Array(
      Type.Object({ antecedent: Type.Array(Type.Integer()), consequent: Type.Integer(), count: Type.Integer(), support: Type.Number(), confidence: Type.Number(), lift: Type.Number() }),
    ),
    plan_steps: Type.Array(Type.Object({ from: Type.Integer(), to: Type.Integer(), moved: Type.Integer(), had: Type.Integer(), rate: Type.Number() })),
  },
  { title: 'RecommendationRules' },
);

export const EvaluationQuery = Type.Object(
  {
    split_at: Type.Optional(DateTimeInput('Train before, test after (default 365 days before the last order)')),
    k: Type.Optional(Type.Array(Type.Integer({ minimum: 1, maximum: 20 }), { maxItems: 5, description: 'Cut-offs (default 1 and 3)' })),
  },
  { additionalProperties: false },
);

const Quality = Type.Object({ k: Type.Integer(), precision: Type.Number(), recall: Type.Number(), hit_rate: Type.Number() });

export const EvaluationSchema = Type.Object(
  {
    split_at: Type.String(),
    end_at: Type.String(),
    accounts: Type.Integer({ description: 'Accounts that bought something new after the split: the ones measured' }),
    scored_accounts: Type.Integer(),
    rules: Type.Integer(),
    association_rules: Type.Array(Quality),
    most_popular: Type.Array(Quality, { description: 'The baseline: the most bought products the account does not own' }),
  },
  { title: 'RecommendationEvaluation' },
);
