/** One entry of the append-only timeline: a Segment call (track, identify, …) or a system event. */
export const EVENT_TYPES = ['track', 'identify', 'page', 'screen', 'group', 'alias', 'system'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface Event {
  id: number;
  message_id: string;
  type: EventType;
  name: string;
  contact_id: number | null;
  account_id: number | null;
  user_id: string | null;
  anonymous_id: string | null;
  properties: Record<string, unknown>;
  context: Record<string, unknown> | null;
  occurred_at: Date;
  received_at: Date;
  source: string;
}

/** The select list of an Event from `events e`. */
export const EVENT_COLUMNS =
  'e.id, e.message_id, e.type, e.name, e.contact_id, e.account_id, e.user_id, e.anonymous_id, e.properties, e.context, e.occurred_at, e.received_at, e.source';
