import { Type } from 'typebox';
import { CARE_PHASES, MESSAGE_PURPOSES } from '../../programmes/model/care-element.js';
import { CARE_ELEMENT_KEY_PATTERN } from '../../programmes/model/validate-care-element.js';
import { Nullable } from './nullable.js';
import { TimestampSchema } from './timestamp-schema.js';

const SubjectType = Type.Enum(['account', 'contact'], { description: 'account (organisations, consumers) or contact (people)' });
const LocalizedText = Type.Object({ fi: Type.String(), en: Type.String() });
const Free = (description: string) => Type.Unsafe<Record<string, unknown>>({ type: 'object', additionalProperties: true, description });

/** Checked by validateCareElement, which names the exact JSON pointer of each problem. */
const DefinitionInput = Type.Unsafe<unknown>({
  type: 'object',
  description:
    'A care element: { name: {fi,en}, description?, phase, placement: { stages: [], segments: [], personas? }, trigger, conditions? (a rule), ' +
    'steps: [ { id, kind: email|survey|task|webhook|list_add|list_remove|wait|branch, ... } ], holdout_percent (0-50), outcome?, reentry? }. ' +
    'Empty stages or segments mean every stage or segment. Email templates are Liquid, in Finnish and English, with optional persona variants.',
});

/** `{id}` of an element: its id or its key. */
export const ElementParams = Type.Object({ id: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,62}$', description: 'The element id or key' }) });

export const CareElementSchema = Type.Object(
  {
    id: Type.Integer(),
    key: Type.String(),
    subject_type: SubjectType,
    version: Type.Integer({ description: 'Every save is a new version' }),
    enabled: Type.Boolean(),
    definition: Free('The definition (see the create body)'),
    created_at: TimestampSchema,
    updated_at: TimestampSchema,
  },
  { title: 'CareElement' },
);

export const CareElementListQuery = Type.Object(
  {
    subject_type: Type.Optional(SubjectType),
    enabled: Type.Optional(Type.Boolean()),
    phase: Type.Optional(Type.Enum(CARE_PHASES)),
    stage: Type.Optional(Type.String({ maxLength: 63, description: 'Placed in this stage (elements for every stage included)' })),
    segment: Type.Optional(Type.String({ maxLength: 63, description: 'Placed in this segment (elements for every segment included)' })),
  },
  { additionalProperties: false },
);

export const CareElementCreateBody = Type.Object(
  {
    key: Type.String({ pattern: CARE_ELEMENT_KEY_PATTERN, description: 'Unique in the workspace' }),
    subject_type: SubjectType,
    definition: DefinitionInput,
    enabled: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);

export const CareElementPatchBody = Type.Object(
  {
    definition: Type.Optional(DefinitionInput),
    enabled: Type.Optional(Type.Boolean()),
    expected_version: Type.Optional(Type.Integer({ minimum: 1, description: 'Refuse (409) when the element has moved on from this version' })),
  },
  { additionalProperties: false },
);

export const CareElementDeleteQuery = Type.Object(
  { force: Type.Optional(Type.Boolean({ description: 'Delete even when the element has runs (they go with it)' })) },
  { additionalProperties: false },
);

export const CareElementVersionSchema = Type.Object(
  { version: Type.Integer(), enabled: Type.Boolean(), definition: Free('The definition of this version'), created_at: TimestampSchema },
  { title: 'CareElementVersion' },
);

export const SubjectTypeQuery = Type.Object({ subject_type: Type.Optional(SubjectType) }, { additionalProperties: false });

export const CareMatrixSchema = Type.Object(
  {
    subject_type: SubjectType,
    phases: Type.Array(Type.String()),
    stages: Type.Array(Type.Object({ key: Type.String(), name: LocalizedText, kind: Type.String() })),
    segments: Type.Array(Type.Object({ key: Type.String(), name: Type.String() })),
    elements: Type.Array(
      Type.Object({
        id: Type.Integer(),
        key: Type.String(),
        name: LocalizedText,
        phase: Type.String(),
        enabled: Type.Boolean(),
        stages: Type.Array(Type.String()),
        segments: Type.Array(Type.String()),
        personas: Type.Array(Type.String()),
      }),
    ),
    cells: Type.Array(Type.Object({ stage: Type.String(), segment: Nullable(Type.String()), elements: Type.Array(Type.String()) }), {
      description: 'Every stage x (null = all segments, then each segment)',
    }),
    micro: Type.Object({
      personas: Type.Array(Type.String()),
      rows: Type.Array(
        Type.Object({
          element: Type.String(),
          step: Type.String(),
          kind: Type.String(),
          personas: Type.Record(Type.String(), Type.Enum(['variant', 'default', 'excluded'])),
        }),
      ),
    }),
  },
  { title: 'CareMatrix' },
);

export const CareCoverageSchema = Type.Object(
  {
    subject_type: SubjectType,
    cells: Type.Array(
      Type.Object({
        stage: Type.String(),
        segment: Nullable(Type.String()),
        elements: Type.Array(Type.String(), { description: 'Enabled elements placed here' }),
        subjects: Type.Integer(),
        uncovered: Type.Integer({ description: 'Subjects here that no enabled element is placed for' }),
      }),
    ),
    empty_cells: Type.Array(Type.Object({ stage: Type.String(), segment: Nullable(Type.String()) })),
    totals: Type.Object({ subjects: Type.Integer(), uncovered: Type.Integer() }),
    micro: Type.Object(
      {
        personas: Type.Array(
          Type.Object({
            persona: Type.String(),
            contacts: Type.Integer({ description: 'Contacts with this persona (0: only the care model names it)' }),
            variant: Type.Array(Type.String(), { description: 'Enabled elements whose every email and survey reaching the persona has its own variant' }),
            default: Type.Array(Type.String(), { description: 'Enabled elements with an email or survey that gives the persona the default text' }),
            excluded: Type.Array(Type.String(), { description: 'Enabled elements whose emails and surveys leave the persona out' }),
          }),
        ),
        contacts_without_persona: Type.Integer(),
      },
      { description: 'The micro matrix (content x buyer personas) of the enabled elements that send email or surveys' },
    ),
  },
  { title: 'CareCoverage' },
);

const FrequencyCap = Type.Object(
  { channel: Type.Literal('email'), purpose: Type.Enum(MESSAGE_PURPOSES), max: Type.Integer(), per_days: Type.Integer() },
  { additionalProperties: false },
);

export const CareSettingsSchema = Type.Object(
  {
    sender_name: Type.String(),
    sender_address: Type.String(),
    reply_to: Nullable(Type.String()),
    default_locale: Type.Enum(['fi', 'en']),
    default_timezone: Type.String(),
    quiet_start: Type.String({ description: 'HH:MM, local time of the contact' }),
    quiet_end: Type.String(),
    frequency_caps: Type.Array(FrequencyCap),
    allow_private_webhooks: Type.Boolean(),
    updated_at: TimestampSchema,
  },
  { title: 'CareSettings' },
);

/** Checked field by field by updateCareSettings (JSON pointers in the errors). */
export const CareSettingsPatchBody = Type.Object(
  {
    sender_name: Type.Optional(Type.String()),
    sender_address: Type.Optional(Type.String()),
    reply_to: Type.Optional(Nullable(Type.String())),
    default_locale: Type.Optional(Type.String()),
    default_timezone: Type.Optional(Type.String()),
    quiet_start: Type.Optional(Type.String()),
    quiet_end: Type.Optional(Type.String()),
    frequency_caps: Type.Optional(Type.Array(Type.Unknown())),
    allow_private_webhooks: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const WebhookEndpointSchema = Type.Object(
  { id: Type.Integer(), key: Type.String(), url: Type.String(), description: Nullable(Type.String()), enabled: Type.Boolean(), created_at: TimestampSchema },
  { title: 'WebhookEndpoint' },
);

export const CreatedWebhookEndpointSchema = Type.Object(
  { ...WebhookEndpointSchema.properties, secret: Type.String({ description: 'whsec_… signing secret (Standard Webhooks); shown only now' }) },
  { title: 'CreatedWebhookEndpoint' },
);

export const WebhookEndpointCreateBody = Type.Object(
  {
    key: Type.String({ pattern: CARE_ELEMENT_KEY_PATTERN }),
    url: Type.String({ maxLength: 2000, description: 'http(s) URL of the receiver' }),
    description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const ConsentSchema = Type.Object(
  {
    purpose: Type.Enum(MESSAGE_PURPOSES),
    channel: Type.Literal('email'),
    status: Type.Enum(['granted', 'withdrawn', 'none']),
    source: Nullable(Type.String()),
    updated_at: Nullable(TimestampSchema),
  },
  { title: 'ContactConsent' },
);

export const ConsentBody = Type.Object(
  {
    purpose: Type.Enum(MESSAGE_PURPOSES),
    channel: Type.Optional(Type.Literal('email')),
    status: Type.Enum(['granted', 'withdrawn']),
    source: Type.Optional(Type.String({ pattern: '^[a-z0-9_-]{1,40}$', description: "Where it came from: 'api' (default), 'form', 'phone', ..." })),
  },
  { additionalProperties: false },
);

const CohortOutcome = Type.Object({ measured: Type.Integer(), successes: Type.Integer(), rate: Nullable(Type.Number()) });

export const ProgrammeResultsSchema = Type.Object(
  {
    element: Type.Object({ id: Type.Integer(), key: Type.String(), name: LocalizedText, version: Type.Integer() }),
    enrolled: Type.Integer(),
    treated: Type.Integer(),
    control: Type.Integer(),
    actions: Type.Record(Type.String(), Type.Integer(), { description: 'Actions by status' }),
    skip_reasons: Type.Array(Type.Object({ reason: Type.String(), count: Type.Integer() })),
    messages: Type.Record(Type.String(), Type.Integer(), { description: 'total, sent, outboxed, bounced, opened, clicked, contacts_reached' }),
    tasks: Type.Record(Type.String(), Type.Integer(), { description: 'total, open, done, cancelled' }),
    outcome: Nullable(
      Type.Object({
        definition: Free('The outcome the element targets'),
        treated: CohortOutcome,
        control: CohortOutcome,
        pending: Type.Integer({ description: 'Runs still inside their outcome window' }),
        difference: Nullable(Type.Number({ description: 'Treated rate minus control rate' })),
        ci95: Nullable(Type.Object({ low: Type.Number(), high: Type.Number() }, { description: "95 % interval, Newcombe's hybrid score method" })),
      }),
    ),
  },
  { title: 'ProgrammeResults' },
);
