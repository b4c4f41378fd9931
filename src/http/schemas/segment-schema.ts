import { Type } from 'typebox';
import type { Rule } from '../../rules/rule.js';
import { SEGMENT_KEY_PATTERN, SEGMENT_KINDS, SUBJECT_TYPES } from '../../segments/segment.js';
import { Nullable } from './nullable.js';
import { pageQueryProperties } from './pagination-schema.js';
import { JsonObjectSchema, TimestampSchema } from './timestamp-schema.js';

const SubjectType = Type.Enum(SUBJECT_TYPES, { description: 'account (organisations, consumers) or contact (people)' });
const Kind = Type.Enum(SEGMENT_KINDS, { description: 'dynamic: members from a rule; static: members added by hand' });
const Key = Type.String({ pattern: SEGMENT_KEY_PATTERN, description: 'Unique in the workspace; lower-case letters, digits, - and _' });
/** Checked by the rule language's validator (validateRule), which names the exact path of each problem. */
const RuleSchema = Type.Unsafe<unknown>({
  type: 'object',
  description:
    'A rule: { all: [...] } / { any: [...] } / { not: rule }, or a condition on a trait, events, orders, a metric, a segment (in_segment), ' +
    'a stage (stage_in) or, for accounts, their contacts. E.g. { "all": [ { "event": "Order Completed", "op": "gte", "value": 2, "within_days": 365 }, { "trait": "country", "op": "eq", "value": "FI" } ] }',
});
/** A stored rule in a response (already valid). */
const StoredRuleSchema = Type.Unsafe<Rule>({ type: 'object', additionalProperties: true, description: 'The rule (see SegmentCreateBody.rule)' });
const LocalizedText = Type.Object({ fi: Type.String(), en: Type.String() });

export const SegmentSchema = Type.Object(
  {
    id: Type.Integer(),
    key: Type.String(),
    name: Type.String(),
    description: Nullable(Type.String()),
    subject_type: SubjectType,
    kind: Kind,
    rule: Nullable(StoredRuleSchema),
    time_dependent: Type.Boolean({ description: 'The rule reads the clock: re-evaluated on a schedule as well as on new data' }),
    version: Type.Integer(),
    member_count: Type.Integer(),
    evaluated_at: Nullable(TimestampSchema),
    evaluated_version: Nullable(Type.Integer({ description: 'The version last evaluated over the whole workspace; behind version until the worker catches up' })),
    created_at: TimestampSchema,
    updated_at: TimestampSchema,
  },
  { title: 'Segment' },
);

export const SegmentDetailSchema = Type.Object(
  {
    ...SegmentSchema.properties,
    rule_text: Nullable(LocalizedText),
    referenced_by: Type.Array(Type.String(), { description: 'Keys of the segments whose rules reference this one' }),
  },
  { title: 'SegmentDetail' },
);

export const SegmentListQuery = Type.Object(
  { subject_type: Type.Optional(SubjectType), kind: Type.Optional(Kind) },
  { additionalProperties: false },
);

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Description = Nullable(Type.String({ maxLength: 2000 }));

export const SegmentCreateBody = Type.Object(
  {
    key: Key,
    name: Name,
    description: Type.Optional(Description),
    subject_type: SubjectType,
    kind: Kind,
    rule: Type.Optional(RuleSchema),
  },
  { additionalProperties: false },
);

export const SegmentPatchBody = Type.Object(
  { name: Type.Optional(Name), description: Type.Optional(Description), rule: Type.Optional(RuleSchema) },
  { additionalProperties: false },
);

export const SegmentPreviewBody = Type.Object(
  {
    subject_type: SubjectType,
    rule: RuleSchema,
    key: Type.Optional(Nullable(Key)),
  },
  { additionalProperties: false },
);

export const SegmentPreviewSchema = Type.Object(
  {
    count: Type.Integer({ description: 'Subjects the rule is true for now' }),
    out_of: Type.Integer({ description: 'Subjects of the type in the workspace' }),
    sample: Type.Array(
      Type.Object({ id: Type.Integer(), name: Nullable(Type.String()), detail: Nullable(Type.String()), facts: JsonObjectSchema }),
      { description: 'Up to 20 matching subjects, lowest ids first, with the facts the rule read' },
    ),
    rule_text: LocalizedText,
    time_dependent: Type.Boolean(),
  },
  { title: 'SegmentPreview' },
);

export const SegmentMembersBody = Type.Object(
  { ids: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 10000, description: 'Account or contact ids (the segment’s subject type)' }) },
  { additionalProperties: false },
);

export const SegmentMembersChangeSchema = Type.Object(
  {
    segment: Type.Object({ id: Type.Integer(), key: Type.String() }),
    changed: Type.Integer({ description: 'Members added (or removed) now' }),
    unchanged: Type.Integer({ description: 'Ids that were already members (or were not members)' }),
    member_count: Type.Integer(),
  },
  { title: 'SegmentMembersChange' },
);

export const SegmentMemberSchema = Type.Object(
  {
    id: Type.Integer({ description: 'The account or contact id' }),
    name: Nullable(Type.String()),
    detail: Nullable(Type.String({ description: "An account's domain, a contact's email" })),
    entered_at: TimestampSchema,
  },
  { title: 'SegmentMember' },
);

export const SegmentHistoryQuery = Type.Object(
  { subject_id: Type.Optional(Type.Integer({ minimum: 1 })), ...pageQueryProperties },
  { additionalProperties: false },
);

export const SegmentHistorySchema = Type.Object(
  {
    id: Type.Integer(),
    subject_id: Type.Integer(),
    name: Nullable(Type.String()),
    change: Type.Enum(['entered', 'exited']),
    changed_at: TimestampSchema,
    segment_version: Type.Integer(),
    facts: JsonObjectSchema,
  },
  { title: 'SegmentHistoryEntry' },
);

export const SegmentVersionSchema = Type.Object(
  {
    version: Type.Integer(),
    name: Type.String(),
    description: Nullable(Type.String()),
    rule: Nullable(StoredRuleSchema),
    created_at: TimestampSchema,
  },
  { title: 'SegmentVersion' },
);

export const SubjectSegmentSchema = Type.Object(
  { id: Type.Integer(), key: Type.String(), name: Type.String(), kind: Kind, entered_at: TimestampSchema },
  { title: 'SubjectSegment' },
);
