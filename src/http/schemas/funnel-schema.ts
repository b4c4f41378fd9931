import { Type } from 'typebox';
import { Nullable } from './nullable.js';
import { DateTimeInput, TimestampSchema } from './timestamp-schema.js';

const Period = Type.Union([Type.Literal('month'), Type.Literal('quarter')], { description: 'Split by month or quarter (default: no split)' });
const Names = Type.Object({ fi: Type.String(), en: Type.String() });

export const FunnelQuery = Type.Object(
  {
    from: Type.Optional(DateTimeInput('Funnel entries from (default 12 months before to)')),
    to: Type.Optional(DateTimeInput('Funnel entries until, exclusive (default now)')),
    period: Type.Optional(Period),
    by: Type.Optional(Type.String({ maxLength: 120, description: 'Account attribute: kind, country, industry, owner, trait:<name> (e.g. trait:lead_source), stage or segment:<key>' })),
  },
  { additionalProperties: false },
);

export const FunnelSchema = Type.Object(
  {
    from: TimestampSchema,
    to: TimestampSchema,
    by: Nullable(Type.String()),
    period: Nullable(Type.String()),
    steps: Type.Array(Type.Object({ key: Type.String(), name: Names })),
    rows: Type.Array(
      Type.Object({
        period: Nullable(Type.String()),
        group: Type.String(),
        entered: Type.Integer(),
        steps: Type.Array(
          Type.Object({
            key: Type.String(),
            reached: Type.Integer({ description: 'Accounts that reached this step or a later one' }),
            conversion: Nullable(Type.Number({ description: 'reached / reached of the previous step' })),
            conversion_from_start: Nullable(Type.Number()),
            median_days_to_next: Nullable(Type.Number()),
          }),
        ),
      }),
    ),
  },
  { title: 'AidaFunnel' },
);

export const FlowsQuery = Type.Object(
  {
    subject: Type.Optional(Type.Union([Type.Literal('account'), Type.Literal('contact')], { description: 'Default account' })),
    from: Type.Optional(DateTimeInput('Moves from (default 12 months before to)')),
    to: Type.Optional(DateTimeInput('Moves until, exclusive (default now)')),
    period: Type.Optional(Period),
  },
  { additionalProperties: false },
);

const Link = Type.Object({ from: Nullable(Type.String({ description: 'null: first placement' })), to: Type.String(), count: Type.Integer() });

export const FlowsSchema = Type.Object(
  {
    subject: Type.String(),
    from: TimestampSchema,
    to: TimestampSchema,
    period: Nullable(Type.String()),
    stages: Type.Array(Type.Object({ key: Type.String(), name: Names, kind: Type.String() })),
    links: Type.Array(Link),
    periods: Type.Array(Type.Object({ period: Type.String(), links: Type.Array(Link) })),
    time_to_stage: Type.Array(Type.Object({ stage: Type.String(), subjects: Type.Integer(), median_days: Nullable(Type.Number()) })),
  },
  { title: 'LifecycleFlows' },
);
