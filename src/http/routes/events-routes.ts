import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createEvent } from '../../events/create-event.js';
import { deleteEvent } from '../../events/delete-event.js';
import { getEvent } from '../../events/get-event.js';
import { listEvents } from '../../events/list-events.js';
import { adminScope } from '../admin-scope.js';
import { principalOf } from '../authenticate.js';
import { EventCreateBody, EventListQuery, EventSchema } from '../schemas/event-schema.js';
import { IdParams } from '../schemas/id-params-schema.js';
import { PageOf } from '../schemas/pagination-schema.js';
import { adminSecurity, problemResponses } from '../schemas/problem-responses.js';

const tags = ['events'];

/** /api/v1/events: the append-only timeline (read, add, erase; never edit). */
export const eventsRoutes = adminScope(async (instance) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/events',
    {
      schema: {
        tags,
        summary: 'List events, newest first',
        security: adminSecurity,
        querystring: EventListQuery,
        response: { 200: PageOf(EventSchema), ...problemResponses() },
      },
    },
    async (request) => listEvents(app.db, principalOf(request).workspaceId, request.query),
  );

  app.post(
    '/api/v1/events',
    {
      schema: {
        tags,
        summary: 'Record a track event',
        description: "The contact by contact_id or user_id (its external id); the account defaults to the contact's. Source is 'api'.",
        security: adminSecurity,
        body: EventCreateBody,
        response: { 201: EventSchema, ...problemResponses(409) },
      },
    },
    async (request, reply) => {
      const event = await createEvent(app.db, principalOf(request).workspaceId, request.body);
      return reply.code(201).send(event);
    },
  );

  app.get(
    '/api/v1/events/:id',
    {
      schema: {
        tags,
        summary: 'Get an event',
        security: adminSecurity,
        params: IdParams,
        response: { 200: EventSchema, ...problemResponses(404) },
      },
    },
    async (request) => getEvent(app.db, principalOf(request).workspaceId, request.params.id),
  );

  app.delete(
    '/api/v1/events/:id',
    {
      schema: {
        tags,
        summary: 'Erase an event',
        security: adminSecurity,
        params: IdParams,
        response: { 204: Type.Null({ description: 'Erased' }), ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      await deleteEvent(app.db, principalOf(request).workspaceId, request.params.id);
      return reply.code(204).send(null);
    },
  );
});
