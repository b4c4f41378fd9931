import { Type } from 'typebox';
import { Nullable } from './nullable.js';
import { pageQueryProperties } from './pagination-schema.js';
import { DateTimeInput, TimestampSchema } from './timestamp-schema.js';

const Purpose = Type.Union([Type.Literal('marketing'), Type.Literal('service'), Type.Literal('survey')]);
const Localized = Type.Object({ fi: Type.String(), en: Type.String() }, { additionalProperties: false });
const PartialLocalized = Type.Object({ fi: Type.Optional(Type.String()), en: Type.Optional(Type.String()) }, { additionalProperties: false });

export const CareTaskSchema = Type.Object(
  {
    id: Type.Integer(),
    action_id: Type.Integer(),
    element_id: Nullable(Type.Integer()),
    element_key: Nullable(Type.String()),
    account_id: Nullable(Type.Integer()),
    account_name: Nullable(Type.String()),
    contact_id: Nullable(Type.Integer()),
    contact_name: Nullable(Type.String()),
    assignee: Nullable(Type.String({ description: "The account owner (KAM) or a named user; null when the account has no owner" })),
    title: Type.String(),
    body: Nullable(Type.String()),
    due_at: TimestampSchema,
    status: Type.Union([Type.Literal('open'), Type.Literal('done'), Type.Literal('cancelled')]),
    created_at: TimestampSchema,
    completed_at: Nullable(TimestampSchema),
    completed_by: Nullable(Type.String()),
    note: Nullable(Type.String()),
  },
  { title: 'CareTask' },
);

export const CareTaskListQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('done'), Type.Literal('cancelled'), Type.Literal('all')], { default: 'open' })),
    assignee: Type.Optional(Type.String({ minLength: 1, maxLength: 320 })),
    account_id: Type.Optional(Type.Integer({ minimum: 1 })),
    contact_id: Type.Optional(Type.Integer({ minimum: 1 })),
    element_id: Type.Optional(Type.Integer({ minimum: 1 })),
    due_before: Type.Optional(DateTimeInput('Only tasks due before this instant (overdue: now)')),
    ...pageQueryProperties,
  },
  { additionalProperties: false },
);

export const CareTaskCompleteBody = Type.Object(
  {
    completed_by: Type.Optional(Type.String({ minLength: 1, maxLength: 320, description: 'Who did it; default the assignee' })),
    note: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
);

export const OutboxMessageSchema = Type.Object(
  {
    id: Type.Integer(),
    action_id: Type.Integer(),
    element_id: Nullable(Type.Integer()),
    account_id: Nullable(Type.Integer()),
    contact_id: Type.Integer(),
    purpose: Purpose,
    to_address: Type.String(),
    locale: Type.String(),
    subject: Type.String(),
    text_body: Type.String(),
    html_body: Type.String(),
    message_id: Type.String({ description: 'The stable RFC 5322 Message-ID' }),
    transport: Type.Union([Type.Literal('outbox'), Type.Literal('smtp')]),
    status: Type.Union([Type.Literal('sending'), Type.Literal('outboxed'), Type.Literal('sent'), Type.Literal('bounced')]),
    error: Nullable(Type.String()),
    created_at: TimestampSchema,
    sent_at: Nullable(TimestampSchema),
  },
  { title: 'OutboxMessage' },
);

export const OutboxListQuery = Type.Object(
  {
    transport: Type.Optional(Type.Union([Type.Literal('outbox'), Type.Literal('smtp'), Type.Literal('all')], { default: 'outbox', description: 'outbox: kept because no SMTP is configured; smtp: the sent log' })),
    status: Type.Optional(Type.Union([Type.Literal('sending'), Type.Literal('outboxed'), Type.Literal('sent'), Type.Literal('bounced')])),
    contact_id: Type.Optional(Type.Integer({ minimum: 1 })),
    account_id: Type.Optional(Type.Integer({ minimum: 1 })),
    element_id: Type.Optional(Type.Integer({ minimum: 1 })),
    ...pageQueryProperties,
  },
  { additionalProperties: false },
);

const SuppressionReason = Type.Union([Type.Literal('hard_bounce'), Type.Literal('complaint'), Type.Literal('manual')]);

export const SuppressionSchema = Type.Object(
  { address: Type.String(), reason: SuppressionReason, detail: Nullable(Type.String()), created_at: TimestampSchema },
  { title: 'EmailSuppression' },
);

export const SuppressionListQuery = Type.Object({ reason: Type.Optional(SuppressionReason), ...pageQueryProperties }, { additionalProperties: false });

export const SuppressionCreateBody = Type.Object(
  { address: Type.String({ minLength: 3, maxLength: 320 }), detail: Type.Optional(Type.String({ maxLength: 1000 })) },
  { additionalProperties: false },
);

export const SuppressionParams = Type.Object({ address: Type.String({ minLength: 3, maxLength: 320 }) });

export const PreviewEmailBody = Type.Object(
  {
    template: Type.Object(
      {
        subject: Localized,
        body: Localized,
        personas: Type.Optional(Type.Record(Type.String(), Type.Object({ subject: Type.Optional(PartialLocalized), body: Type.Optional(PartialLocalized) }, { additionalProperties: false }))),
      },
      { additionalProperties: false, description: 'An email template (Liquid, per language, optional persona variants)' },
    ),
    contact_id: Type.Integer({ minimum: 1, description: 'The customer to render it for' }),
    purpose: Type.Optional(Purpose),
    survey: Type.Optional(Type.Boolean({ description: 'A survey invitation template: survey_url is available' })),
  },
  { additionalProperties: false },
);

const PreviewPart = Type.Union([
  Type.Object({ ok: Type.Literal(true), subject: Type.String(), text: Type.String(), html: Type.String() }),
  Type.Object({ ok: Type.Literal(false), error: Type.String() }),
]);

export const EmailPreviewSchema = Type.Object(
  {
    contact_id: Type.Integer(),
    locale: Type.Union([Type.Literal('fi'), Type.Literal('en')], { description: 'The language this contact would get' }),
    fi: PreviewPart,
    en: PreviewPart,
    issues: Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
  },
  { title: 'EmailPreview' },
);
