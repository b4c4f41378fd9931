import { AppError, type FieldIssue } from '../errors/app-error.js';
import { MAX_BATCH_MESSAGES, MAX_MESSAGE_BYTES } from './ingest-limits.js';
import { FieldReader, isObject } from './read-fields.js';
import { validateMessage, type IngestMessage, type MessageEnvelope, type MessageType } from './validate-message.js';

export type IngestEndpoint = MessageType | 'batch';

/**
 * An upper bound of the UTF-8 size of JSON.stringify(value) (a parsed JSON value): a string
 * character takes at most 6 bytes (an escape such as \u001f), a number at most 24 characters.
 * Much cheaper than serialising; a message whose bound passes the limit is measured exactly.
 */
function jsonSizeBound(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return 6 * value.length + 2;
    case 'number':
      return 24;
    case 'boolean':
      return 5;
    case 'object': {
      if (value === null) return 4;
      let n = 2;
      if (Array.isArray(value)) {
        for (const v of value) n += jsonSizeBound(v) + 1;
        return n;
      }
      for (const key in value) n += 6 * key.length + 4 + jsonSizeBound((value as Record<string, unknown>)[key]);
      return n;
    }
    default:
      return 4;
  }
}

/**
 * Reads the body of a tracking call: one message (/v1/track ...) or `{ batch: [...], sentAt,
 * context }` (/v1/batch). Every message is validated before anything is stored; any problem
 * is a validation_failed error listing each one by JSON pointer (`/batch/7/userId`). A message
 * id repeated inside the request counts once (the first).
 */
export function readIngestBody(endpoint: IngestEndpoint, body: unknown, receivedAt: Date): IngestMessage[] {
  if (!isObject(body)) throw new AppError('bad_request', 'The request body must be a JSON object');
  const issues: FieldIssue[] = [];
  const messages: IngestMessage[] = [];
  if (endpoint === 'batch') {
    const top = new FieldReader(body, '', issues);
    const env: MessageEnvelope = { receivedAt, sentAt: top.date('sentAt'), context: top.object('context') };
    const batch = body.batch;
    if (!Array.isArray(batch)) {
      issues.push({ path: '/batch', message: 'is required: an array of identify, track, page, screen, group and alias calls' });
    } else if (batch.length > MAX_BATCH_MESSAGES) {
      issues.push({ path: '/batch', message: `has ${batch.length} messages; a batch may have at most ${MAX_BATCH_MESSAGES}` });
    } else {
      batch.forEach((raw: unknown, i) => {
        const size = jsonSizeBound(raw) <= MAX_MESSAGE_BYTES ? 0 : Buffer.byteLength(JSON.stringify(raw) ?? '');
        if (size > MAX_MESSAGE_BYTES) {
          issues.push({ path: `/batch/${i}`, message: `is ${size} bytes; a message may be at most 32 KB (${MAX_MESSAGE_BYTES} bytes)` });
          return;
        }
        const m = validateMessage(raw, null, `/batch/${i}`, env, issues);
        if (m) messages.push(m);
      });
    }
  } else {
    const m = validateMessage(body, endpoint, '', { receivedAt, sentAt: null, context: null }, issues);
    if (m) messages.push(m);
  }
  if (issues.length > 0) {
    const bad = new Set(issues.map((i) => /^\/batch\/\d+/.exec(i.path)?.[0] ?? i.path)).size;
    throw new AppError('validation_failed', `${issues.length} problem(s) in ${bad} message(s); nothing was stored`, issues);
  }
  const seen = new Set<string>();
  return messages.filter((m) => (seen.has(m.messageId) ? false : (seen.add(m.messageId), true)));
}
