import { randomUUID } from 'node:crypto';
import type { FieldIssue } from '../errors/app-error.js';
import { MAX_NAME_LENGTH } from './ingest-limits.js';
import { readAccountTraits, type AccountPatch } from './read-account-traits.js';
import { readContactTraits, type ContactPatch } from './read-contact-traits.js';
import { ORDER_COMPLETED, ORDER_REFUNDED, readOrderCompleted, readOrderRefunded, type OrderSpec, type RefundSpec } from './read-ecommerce.js';
import { FieldReader, isObject, type JsonObject } from './read-fields.js';

export const MESSAGE_TYPES = ['identify', 'track', 'page', 'screen', 'group', 'alias'] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

/** One validated Segment call, ready to store. */
export interface IngestMessage {
  /** JSON pointer of the message in the request ('' for a single call, '/batch/7' in a batch). */
  path: string;
  type: MessageType;
  messageId: string;
  userId: string | null;
  anonymousId: string | null;
  /** events.name: the track event, the page/screen name, or the call type. */
  name: string;
  /** events.properties: track/page/screen properties, identify traits, group traits with groupId, alias previousId. */
  properties: JsonObject;
  context: JsonObject | null;
  occurredAt: Date;
  /** group: the account's external id. */
  groupId: string | null;
  /** alias: the earlier id that merges into userId. */
  previousId: string | null;
  /** context.groupId: the account the event is about. */
  contextGroupId: string | null;
  contact?: ContactPatch;
  account?: AccountPatch;
  order?: OrderSpec;
  refund?: RefundSpec;
}

/** What the request gives every message: when it arrived, the batch's sentAt and context. */
export interface MessageEnvelope {
  receivedAt: Date;
  sentAt: Date | null;
  context: JsonObject | null;
}

const DEFAULT_NAMES: Partial<Record<MessageType, string>> = { page: 'Page Viewed', screen: 'Screen Viewed' };

/**
 * When the event happened, as Segment computes it: `timestamp` when sent; else
 * `originalTimestamp` corrected for the device's clock skew by (receivedAt - sentAt); else
 * the time Kanta received it.
 */
function occurredAt(r: FieldReader, env: MessageEnvelope): Date {
  const timestamp = r.date('timestamp');
  const original = r.date('originalTimestamp');
  const sentAt = r.date('sentAt') ?? env.sentAt;
  if (timestamp) return timestamp;
  if (original) return sentAt ? new Date(original.getTime() + (env.receivedAt.getTime() - sentAt.getTime())) : original;
  return env.receivedAt;
}

/**
 * Validates one call. `endpointType` is the call of a single-call endpoint (/v1/track) or
 * null in a batch, where each message names its own `type`. Problems go to issues, each
 * named by JSON pointer (e.g. `/batch/7/userId`); the message is null when it has any.
 */
export function validateMessage(raw: unknown, endpointType: MessageType | null, path: string, env: MessageEnvelope, issues: FieldIssue[]): IngestMessage | null {
  if (!isObject(raw)) {
    issues.push({ path: path || '/', message: 'a message must be a JSON object' });
    return null;
  }
  const before = issues.length;
  const r = new FieldReader(raw, path, issues);
  let type = endpointType;
  if (type === null) {
    const t = raw.type;
    if (typeof t === 'string' && (MESSAGE_TYPES as readonly string[]).includes(t)) type = t as MessageType;
    else {
      r.fail('type', `must be one of ${MESSAGE_TYPES.join(', ')}`);
      return null;
    }
  }
  const userId = r.id('userId');
  const anonymousId = r.id('anonymousId');
  if (userId === null && anonymousId === null && !issues.slice(before).some((i) => i.path.endsWith('Id'))) {
    r.fail('userId', type === 'alias' ? 'is required for alias: the id previousId merges into' : 'either userId or anonymousId is required');
  }
  const messageId = r.id('messageId') ?? randomUUID();
  const when = occurredAt(r, env);
  const ownContext = r.object('context');
  const context = env.context || ownContext ? { ...env.context, ...ownContext } : null;
  const contextGroupId = context ? new FieldReader(context, `${path}/context`, issues).id('groupId') : null;

  let name: string = type;
  let properties: JsonObject = {};
  let groupId: string | null = null;
  let previousId: string | null = null;
  const msg: Partial<IngestMessage> = {};
  switch (type) {
    case 'track': {
      const event = r.text('event', { max: MAX_NAME_LENGTH })?.trim();
      if (!event) {
        if (!issues.slice(before).some((i) => i.path === `${path}/event`)) r.fail('event', 'is required for track: the event name');
      } else name = event;
      properties = r.object('properties') ?? {};
      if (name === ORDER_COMPLETED) msg.order = readOrderCompleted(properties, `${path}/properties`, issues) ?? undefined;
      if (name === ORDER_REFUNDED) msg.refund = readOrderRefunded(properties, `${path}/properties`, issues) ?? undefined;
      break;
    }
    case 'page':
    case 'screen': {
      name = r.text('name', { max: MAX_NAME_LENGTH })?.trim() || DEFAULT_NAMES[type]!;
      properties = r.object('properties') ?? {};
      const category = r.text('category', { max: MAX_NAME_LENGTH });
      if (category !== null && properties.category === undefined) properties = { ...properties, category };
      break;
    }
    case 'identify': {
      properties = r.object('traits') ?? {};
      msg.contact = readContactTraits(properties, `${path}/traits`, issues);
      break;
    }
    case 'group': {
      groupId = r.id('groupId');
      if (groupId === null && !issues.slice(before).some((i) => i.path === `${path}/groupId`)) r.fail('groupId', 'is required for group: the account\'s id');
      const traits = r.object('traits') ?? {};
      msg.account = readAccountTraits(traits, `${path}/traits`, issues);
      properties = { ...traits, groupId };
      break;
    }
    case 'alias': {
      previousId = r.id('previousId');
      if (previousId === null && !issues.slice(before).some((i) => i.path === `${path}/previousId`)) r.fail('previousId', 'is required for alias: the earlier id to merge');
      if (userId === null && anonymousId !== null) r.fail('userId', 'is required for alias: the id previousId merges into');
      properties = { previousId };
      break;
    }
  }
  if (issues.length > before) return null;
  return { path, type, messageId, userId, anonymousId, name, properties, context, occurredAt: when, groupId, previousId, contextGroupId, ...msg };
}
