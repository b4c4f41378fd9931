import { Type } from 'typebox';

const VocabularyKeySchema = Type.Object({
  key: Type.String(),
  type: Type.Union([Type.Literal('string'), Type.Literal('number'), Type.Literal('boolean'), Type.Literal('date'), Type.Literal('mixed')], {
    description: 'the type the sampled values look like (strings that all read as ISO dates are dates; several types: mixed)',
  }),
  seen: Type.Integer({ description: 'in how many sampled rows the key was present' }),
});

export const RuleVocabularySchema = Type.Object({
  events: Type.Array(Type.Object({ name: Type.String(), last_seen: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]) }), {
    description: 'distinct event names of the workspace (at most 500, by name) with their latest occurrence',
  }),
  traits: Type.Object({
    account: Type.Array(VocabularyKeySchema),
    contact: Type.Array(VocabularyKeySchema),
    sample: Type.Integer({ description: 'trait keys come from this many newest accounts and contacts' }),
  }),
  metrics: Type.Object({ account: Type.Array(Type.String()), contact: Type.Array(Type.String()) }),
});

export const EventPropertiesQuery = Type.Object({ event: Type.String({ minLength: 1, maxLength: 200, description: 'the event name' }) }, { additionalProperties: false });

export const EventPropertiesSchema = Type.Object({
  event: Type.String(),
  sampled: Type.Integer({ description: 'how many of the latest events of the name were read (at most 1,000)' }),
  properties: Type.Array(VocabularyKeySchema),
});
