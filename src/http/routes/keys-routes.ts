import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createApiKey } from '../../workspaces/create-api-key.js';
import { listApiKeys, revokeApiKey } from '../../workspaces/revoke-api-key.js';
import { adminScope } from '../admin-scope.js';
import { principalOf } from '../authenticate.js';
import { IdParams } from '../schemas/id-params-schema.js';
import { Nullable } from '../schemas/nullable.js';
import { adminSecurity, problemResponses } from '../schemas/problem-responses.js';
import { TimestampSchema } from '../schemas/timestamp-schema.js';

const KeyKind = Type.Union([Type.Literal('admin'), Type.Literal('write')]);
const KeySummary = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  name: Type.String(),
  token_prefix: Type.String({ description: 'The first characters of the key, to recognise it' }),
  created_at: TimestampSchema,
  revoked_at: Nullable(TimestampSchema),
});

/** /api/v1/keys: the workspace's API keys (stored only as hashes; a new key is shown once). */
export const keysRoutes = adminScope(async (instance) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['workspace'];

  app.get(
    '/api/v1/keys',
    { schema: { tags, summary: 'List API keys (prefixes only)', security: adminSecurity, response: { 200: Type.Object({ data: Type.Array(KeySummary) }), ...problemResponses() } } },
    async (request) => ({ data: await listApiKeys(app.db, principalOf(request).workspaceId) }),
  );

  app.post(
    '/api/v1/keys',
    {
      schema: {
        tags,
        summary: 'Make a new API key; the response is the only time the key is shown',
        security: adminSecurity,
        body: Type.Object({ kind: KeyKind, name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })) }, { additionalProperties: false }),
        response: {
          201: Type.Object({ id: Type.Integer(), kind: KeyKind, name: Type.String(), token: Type.String(), token_prefix: Type.String() }),
          ...problemResponses(),
        },
      },
    },
    async (request, reply) => {
      const key = await createApiKey(app.db, principalOf(request).workspaceId, request.body);
      return reply.status(201).send(key);
    },
  );

  app.delete(
    '/api/v1/keys/:id',
    { schema: { tags, summary: 'Revoke an API key at once', security: adminSecurity, params: IdParams, response: { 204: Type.Null(), ...problemResponses(404) } } },
    async (request, reply) => {
      await revokeApiKey(app.db, principalOf(request).workspaceId, request.params.id);
      return reply.code(204).send(null);
    },
  );
});
