import { Type } from 'typebox';
import { Nullable } from './nullable.js';
import { DateTimeInput, TimestampSchema } from './timestamp-schema.js';

const Trait = (description: string) => Type.String({ maxLength: 100, description });

export const WalletQuery = Type.Object(
  {
    as_of: Type.Optional(DateTimeInput('Default now')),
    months: Type.Optional(Type.Integer({ minimum: 1, maximum: 120, description: 'Revenue window before as_of (default 12); yearly spend and cost are scaled to it' })),
    by: Type.Optional(Type.String({ maxLength: 120, description: 'kind, country, industry, owner, trait:<name>, stage or segment:<key>' })),
    spend_trait: Type.Optional(Trait('Trait with the yearly category spend (default category_spend_eur)')),
    cost_trait: Type.Optional(Trait('Trait with the yearly cost to serve (default cost_to_serve_eur)')),
    incentive_event: Type.Optional(Type.String({ maxLength: 200, description: "Events whose amount property is an incentive (default 'Incentive Granted')" })),
    top: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, description: 'Accounts with the most headroom to list (default 10)' })),
  },
  { additionalProperties: false },
);

export const AccountWalletQuery = Type.Omit(WalletQuery, ['by', 'top']);

const Figures = {
  accounts: Type.Integer(),
  revenue: Type.Number(),
  spend_known: Type.Integer(),
  spend_estimated: Type.Integer(),
  category_spend: Type.Number(),
  share_of_wallet: Nullable(Type.Number()),
  cost_known: Type.Integer(),
  cost_to_serve: Type.Number(),
  incentives: Type.Number(),
  profit: Nullable(Type.Number()),
  margin: Nullable(Type.Number()),
};

export const WalletAccountSchema = Type.Object(
  {
    id: Type.Integer(),
    name: Type.String(),
    revenue: Type.Number({ description: 'Orders in the window net of refunds' }),
    category_spend: Nullable(Type.Number({ description: "The customer's spend in the category over the window" })),
    spend_source: Nullable(Type.Union([Type.Literal('trait'), Type.Literal('estimate')], { description: 'trait: the customer told us; estimate: employees x the median spend per employee of its industry' })),
    share_of_wallet: Nullable(Type.Number()),
    headroom: Nullable(Type.Number()),
    cost_to_serve: Nullable(Type.Number()),
    incentives: Type.Number(),
    profit: Nullable(Type.Number({ description: 'revenue - cost to serve - incentives; null when the cost is unknown' })),
  },
  { title: 'WalletAccount' },
);

export const WalletSchema = Type.Object(
  {
    as_of: TimestampSchema,
    months: Type.Integer(),
    by: Nullable(Type.String()),
    estimate: Type.Object({ per_employee_overall: Nullable(Type.Number()), per_employee_by_industry: Type.Record(Type.String(), Type.Number()) }),
    total: Type.Object(Figures),
    groups: Type.Array(Type.Object({ group: Type.String(), ...Figures })),
    top_headroom: Type.Array(WalletAccountSchema),
  },
  { title: 'ShareOfWallet' },
);
