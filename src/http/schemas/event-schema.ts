import { Type } from 'typebox';
import { EVENT_TYPES } from '../../events/event.js';
import { Nullable } from './nullable.js';
import { pageQueryProperties } from './pagination-schema.js';
import { DateTimeInput, JsonObjectSchema, TimestampSchema } from './timestamp-schema.js';

export const EventSchema = Type.Object(
  {
    id: Type.Integer(),
    message_id: Type.String(),
    type: Type.Enum(EVENT_TYPES),
    name: Type.String(),
    contact_id: Nullable(Type.Integer()),
    account_id: Nullable(Type.Integer()),
    user_id: Nullable(Type.String()),
    anonymous_id: Nullable(Type.String()),
    properties: JsonObjectSchema,
    context: Nullable(JsonObjectSchema),
    occurred_at: TimestampSchema,
    received_at: TimestampSchema,
    source: Type.String(),
  },
  { title: 'Event' },
);

const EventName = Type.String({ minLength: 1, maxLength: 255 });

export const EventCreateBody = Type.Object(
  {
    name: EventName,
    contact_id: Type.Optional(Type.Integer({ minimum: 1, description: 'The contact, or give user_id' })),
    user_id: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: "The contact's external id (Segment userId)" })),
    account_id: Type.Optional(Type.Integer({ minimum: 1, description: "Defaults to the contact's account" })),
    properties: Type.Optional(JsonObjectSchema),
    occurred_at: Type.Optional(DateTimeInput('Defaults to now')),
    message_id: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'Unique in the workspace; made up when left out' })),
  },
  { additionalProperties: false },
);

export const EventListQuery = Type.Object(
  {
    contact_id: Type.Optional(Type.Integer({ minimum: 1 })),
    account_id: Type.Optional(Type.Integer({ minimum: 1 })),
    name: Type.Optional(EventName),
    type: Type.Optional(Type.Enum(EVENT_TYPES)),
    from: Type.Optional(DateTimeInput('occurred_at >= from')),
    to: Type.Optional(DateTimeInput('occurred_at < to')),
    ...pageQueryProperties,
  },
  { additionalProperties: false },
);

export const TimelineQuery = Type.Object(
  {
    before: Type.Optional(DateTimeInput('Only events with occurred_at < before')),
    after: Type.Optional(DateTimeInput('Only events with occurred_at >= after')),
    name: Type.Optional(EventName),
    ...pageQueryProperties,
  },
  { additionalProperties: false },
);
