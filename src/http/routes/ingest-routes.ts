import type { FastifyError, FastifyInstance } from 'fastify';
import { Type, type TSchema } from 'typebox';
import { AppError } from '../../errors/app-error.js';
import { ingestMessages } from '../../ingest/ingest-messages.js';
import { MAX_BATCH_BYTES, MAX_BATCH_MESSAGES, MAX_MESSAGE_BYTES } from '../../ingest/ingest-limits.js';
import type { IngestEndpoint } from '../../ingest/read-ingest-body.js';
import { requireKey } from '../authenticate.js';
import { useJsonBodyParser } from '../parse-json-body.js';
import { handleError } from '../problem.js';
import { ProblemSchema } from '../schemas/problem-schema.js';

const open = { additionalProperties: true } as const;
const Id = Type.String({ maxLength: 255 });
const When = Type.String({ format: 'date-time' });

/** The fields every Segment call may carry (documentation; the use case validates them). */
const common = {
  userId: Type.Optional(Id),
  anonymousId: Type.Optional(Id),
  messageId: Type.Optional(Type.String({ description: 'Idempotency key: a message id already stored is not stored again. Generated when missing.' })),
  timestamp: Type.Optional(When),
  originalTimestamp: Type.Optional(When),
  sentAt: Type.Optional(When),
  context: Type.Optional(Type.Object({ groupId: Type.Optional(Id) }, open)),
  integrations: Type.Optional(Type.Object({}, open)),
  writeKey: Type.Optional(Type.String({ description: 'The write key, when not sent as HTTP Basic user name' })),
};
const Traits = Type.Object({}, open);
const Props = Type.Object({}, open);

const CALLS: Record<Exclude<IngestEndpoint, 'batch'>, { summary: string; body: TSchema }> = {
  identify: { summary: 'Identify a person and set their traits', body: Type.Object({ ...common, traits: Type.Optional(Traits) }, open) },
  track: { summary: 'Record an action (e-commerce: "Order Completed", "Order Refunded")', body: Type.Object({ ...common, event: Type.String(), properties: Type.Optional(Props) }, open) },
  page: { summary: 'Record a web page view', body: Type.Object({ ...common, name: Type.Optional(Type.String()), category: Type.Optional(Type.String()), properties: Type.Optional(Props) }, open) },
  screen: { summary: 'Record an app screen view', body: Type.Object({ ...common, name: Type.Optional(Type.String()), properties: Type.Optional(Props) }, open) },
  group: { summary: 'Link a person to an account and set its traits', body: Type.Object({ ...common, groupId: Id, traits: Type.Optional(Traits) }, open) },
  alias: { summary: 'Merge an earlier identity (previousId) into userId', body: Type.Object({ ...common, previousId: Id }, open) },
};

const BatchBody = Type.Object(
  {
    batch: Type.Array(Type.Object({ type: Type.Union(Object.keys(CALLS).map((t) => Type.Literal(t))), ...common }, open), { maxItems: MAX_BATCH_MESSAGES }),
    sentAt: Type.Optional(When),
    context: Type.Optional(Type.Object({}, open)),
    writeKey: Type.Optional(Type.String()),
  },
  open,
);

const Success = Type.Object({ success: Type.Literal(true) });

function limitOf(url: string): number {
  return url.startsWith('/v1/batch') ? MAX_BATCH_BYTES : MAX_MESSAGE_BYTES;
}

/**
 * The Segment-compatible HTTP tracking API under /v1 (works with @segment/analytics-node
 * pointed at Kanta with its `host` option). Auth as Segment: HTTP Basic with the write key as
 * user name (an admin key works too), or `writeKey` in the body. Answers 200
 * `{ "success": true }`.
 */
export async function ingestRoutes(app: FastifyInstance): Promise<void> {
  // Over-size bodies: name the limit (this error handler covers only these routes).
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const limit = limitOf(request.url);
      const what = limit === MAX_BATCH_BYTES ? 'A /v1/batch request may be at most 500 KB' : `A ${request.url.split('?')[0]} request (one message) may be at most 32 KB`;
      return handleError(new AppError('payload_too_large', `${what} (${limit} bytes); split it into smaller batches`, [], { limit }), request, reply);
    }
    return handleError(error, request, reply);
  });
  // Browsers' sendBeacon sends JSON as text/plain: read it as JSON here too.
  useJsonBodyParser(app, 'text/plain');

  const endpoints: Array<[IngestEndpoint, string, TSchema]> = [
    ...Object.entries(CALLS).map(([t, c]): [IngestEndpoint, string, TSchema] => [t as IngestEndpoint, c.summary, c.body]),
    ['batch', `Send up to ${MAX_BATCH_MESSAGES} calls at once (at most 500 KB, 32 KB a message); all or nothing`, BatchBody],
  ];
  for (const [endpoint, summary, body] of endpoints) {
    app.post(
      `/v1/${endpoint}`,
      {
        bodyLimit: endpoint === 'batch' ? MAX_BATCH_BYTES : MAX_MESSAGE_BYTES,
        // The schema documents the call; the use case validates it with Segment's rules and
        // names each bad message by index and field.
        validatorCompiler: () => () => true,
        schema: {
          tags: ['tracking'],
          summary,
          security: [{ writeKey: [] }],
          body,
          response: { 200: Success, 400: ProblemSchema, 401: ProblemSchema, 413: ProblemSchema },
        },
      },
      async (request) => {
        const raw = request.body as { writeKey?: unknown } | null;
        const principal = await requireKey(app.db, request, 'write', typeof raw?.writeKey === 'string' ? raw.writeKey : undefined);
        await ingestMessages(app.db, principal.workspaceId, endpoint, request.body);
        return { success: true as const };
      },
    );
  }
}
