import { Type } from 'typebox';
import { STAGE_KINDS } from '../../lifecycle/lifecycle-definition.js';
import { Nullable } from './nullable.js';
import { PageOf, pageQueryProperties } from './pagination-schema.js';
import { DateTimeInput, JsonObjectSchema, TimestampSchema } from './timestamp-schema.js';

const SUBJECTS = ['account', 'contact'] as const;
const Subject = Type.Enum(SUBJECTS, { description: 'account (organisations, consumers) or contact (people)' });
const LocalizedText = Type.Object({ fi: Type.String(), en: Type.String() });
const StageKind = Type.Enum(STAGE_KINDS);
/** A rule of the rule language, passed through as JSON (already valid when stored). */
const StoredRule = Type.Unknown({ description: 'The transition rule (rule language JSON, as in segments)' });

export const SubjectQuery = Type.Object({
  subject: Type.Optional(Type.Enum(SUBJECTS, { default: 'account', description: 'Whose lifecycle: account (default) or contact' })),
});

const LifecycleStageSchema = Type.Object({
  key: Type.String(),
  name: LocalizedText,
  description: Type.Optional(LocalizedText),
  kind: StageKind,
  group: Type.Optional(Type.String()),
});

const LifecycleTransitionSchema = Type.Object({
  key: Type.String(),
  from: Type.Union([Type.Array(Type.String()), Type.Literal('*')], { description: "The stages it leaves, or '*' for any other stage" }),
  to: Type.String(),
  rule: StoredRule,
  description: LocalizedText,
});

export const LifecycleDefinitionSchema = Type.Object(
  {
    stages: Type.Array(LifecycleStageSchema),
    initial: Type.String({ description: 'The stage a new subject is placed in' }),
    transitions: Type.Array(LifecycleTransitionSchema, {
      description: 'In order: a subject takes the first transition out of its stage whose rule holds; passes repeat so moves can chain',
    }),
    settings: Type.Optional(Type.Object({ formerAfterDays: Type.Optional(Type.Integer()) })),
  },
  { title: 'LifecycleDefinition' },
);

export const StoredLifecycleSchema = Type.Object({
  subject: Subject,
  version: Type.Integer(),
  note: Nullable(Type.String()),
  created_at: TimestampSchema,
  definition: LifecycleDefinitionSchema,
});

export const LifecycleVersionsSchema = Type.Object({ data: Type.Array(StoredLifecycleSchema) });

export const LifecycleSaveQuery = Type.Object({
  ...SubjectQuery.properties,
  dry_run: Type.Optional(Type.Boolean({ default: false, description: 'Check and report what would change (e.g. subjects in deleted stages) without saving' })),
});

export const LifecycleSaveBody = Type.Object(
  {
    definition: Type.Unknown({
      description:
        'The whole new definition ({ stages, initial, transitions, settings? }, as GET /api/v1/lifecycle returns it). Checked as a whole; ' +
        'each problem comes back in a 422 problem with its JSON pointer, e.g. /definition/transitions/3/rule/all/0/within_days',
    }),
    stageMapping: Type.Optional(
      Type.Record(Type.String(), Type.String(), { description: '{ "<deleted stage>": "<stage of the new definition>" }: where the subjects of deleted stages go' }),
    ),
    note: Type.Optional(Type.String({ maxLength: 1000, description: 'Why the definition changed' })),
  },
  { additionalProperties: false },
);

export const LifecycleSaveResultSchema = Type.Object({
  subject: Subject,
  dry_run: Type.Boolean(),
  changed: Type.Boolean({ description: 'False when the definition equals the current one: no new version' }),
  previous_version: Type.Integer(),
  version: Type.Integer({ description: 'The version made (in a dry run: that would be made)' }),
  deleted_stages: Type.Array(
    Type.Object({
      stage: Type.String(),
      subjects: Type.Integer({ description: 'Subjects in the stage now' }),
      to: Nullable(Type.String({ description: 'Where they go (stageMapping), null when not mapped' })),
    }),
  ),
  moved: Type.Integer({ description: 'Subjects moved out of deleted stages (in a dry run: that would be)' }),
  issues: Type.Array(Type.Object({ path: Type.String(), message: Type.String() }), {
    description: 'Dry run only: what stops the edit from being applied (e.g. a deleted stage holding subjects without a mapping)',
  }),
  definition: LifecycleDefinitionSchema,
});

export const LifecycleBoardQuery = Type.Object({
  ...SubjectQuery.properties,
  from: Type.Optional(DateTimeInput('Period start, inclusive (default: 30 days before `to`)')),
  to: Type.Optional(DateTimeInput('Period end, exclusive (default: now)')),
});

export const LifecycleBoardSchema = Type.Object({
  subject: Subject,
  version: Type.Integer(),
  from: TimestampSchema,
  to: TimestampSchema,
  stages: Type.Array(
    Type.Object({
      key: Type.String(),
      name: LocalizedText,
      kind: Nullable(StageKind),
      group: Nullable(Type.String()),
      count: Type.Integer({ description: 'Subjects in the stage now' }),
      median_days_in_stage: Nullable(Type.Number({ description: 'Median days the subjects now in the stage have been in it' })),
      entered: Type.Integer({ description: 'Moves into the stage within the period' }),
      exited: Type.Integer({ description: 'Moves out of the stage within the period' }),
      median_days_before_exit: Nullable(Type.Number({ description: 'Median stay of those that left within the period (passing through within one recompute not counted)' })),
    }),
  ),
  flows: Type.Array(Type.Object({ from: Nullable(Type.String({ description: 'null: first placement' })), to: Type.String(), count: Type.Integer() })),
  unplaced: Type.Integer({ description: 'Subjects not placed yet (arrived since the last recompute)' }),
});

const StageHistoryEntrySchema = Type.Object({
  id: Type.Integer(),
  from_stage: Nullable(Type.String()),
  to_stage: Type.String(),
  moved_at: TimestampSchema,
  transition_key: Nullable(Type.String({ description: 'null: first placement, or a deleted stage mapped elsewhere' })),
  definition_version: Type.Integer(),
  facts: JsonObjectSchema,
});

export const SubjectStageQuery = Type.Object(pageQueryProperties);

export const SubjectStageSchema = Type.Object({
  subject: Subject,
  subject_id: Type.Integer(),
  current: Nullable(
    Type.Object({
      stage: Type.String(),
      name: LocalizedText,
      kind: Nullable(StageKind),
      entered_at: TimestampSchema,
      days_in_stage: Type.Integer(),
      definition_version: Type.Integer(),
      transition_key: Nullable(Type.String()),
    }),
  ),
  history: PageOf(StageHistoryEntrySchema),
});

const ExplainedStageSchema = Type.Object({ key: Type.String(), name: LocalizedText, kind: Nullable(StageKind), group: Nullable(Type.String()) });

export const StageExplanationSchema = Type.Object({
  subject: Subject,
  subject_id: Type.Integer(),
  stage: Nullable(ExplainedStageSchema),
  entered_at: Nullable(TimestampSchema),
  days_in_stage: Nullable(Type.Integer()),
  placed_by: Nullable(
    Type.Object({
      from: Nullable(ExplainedStageSchema),
      transition: Nullable(Type.String()),
      description: Nullable(LocalizedText),
      rule_text: Nullable(LocalizedText),
      version: Type.Integer(),
      moved_at: TimestampSchema,
      facts: JsonObjectSchema,
    }),
  ),
  current_version: Type.Integer(),
  transitions: Type.Array(
    Type.Object({
      transition: Type.String(),
      to: ExplainedStageSchema,
      description: LocalizedText,
      rule_text: LocalizedText,
      holds: Type.Boolean({ description: 'The rule holds now' }),
      next: Type.Boolean({ description: 'The transition the next recompute takes (the first that holds)' }),
      evaluation: Type.Unknown({ description: '{ result, text: { fi, en }, actual?, children? }: the rule evaluated condition by condition' }),
    }),
  ),
  text: LocalizedText,
  evaluated_at: TimestampSchema,
});
