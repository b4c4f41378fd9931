import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createContact } from '../../contacts/create-contact.js';
import { deleteContact } from '../../contacts/delete-contact.js';
import { getContact } from '../../contacts/get-contact.js';
import { listContacts } from '../../contacts/list-contacts.js';
import { updateContact } from '../../contacts/update-contact.js';
import { listContactTimeline } from '../../events/list-contact-timeline.js';
import { adminScope } from '../admin-scope.js';
import { principalOf } from '../authenticate.js';
import { ContactCreateBody, ContactDetailSchema, ContactListQuery, ContactPatchBody, ContactSchema } from '../schemas/contact-schema.js';
import { EventSchema, TimelineQuery } from '../schemas/event-schema.js';
import { IdParams } from '../schemas/id-params-schema.js';
import { PageOf } from '../schemas/pagination-schema.js';
import { adminSecurity, problemResponses } from '../schemas/problem-responses.js';

const tags = ['contacts'];

/** /api/v1/contacts: the people, with their timeline. */
export const contactsRoutes = adminScope(async (instance) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/contacts',
    {
      schema: {
        tags,
        summary: 'List contacts',
        description: 'Keyset-paginated; `q` searches first and last name, email and external id (case-insensitive substring).',
        security: adminSecurity,
        querystring: ContactListQuery,
        response: { 200: PageOf(ContactSchema), ...problemResponses() },
      },
    },
    async (request) => listContacts(app.db, principalOf(request).workspaceId, request.query),
  );

  app.post(
    '/api/v1/contacts',
    {
      schema: {
        tags,
        summary: 'Create a contact',
        security: adminSecurity,
        body: ContactCreateBody,
        response: { 201: ContactSchema, ...problemResponses(409) },
      },
    },
    async (request, reply) => {
      const contact = await createContact(app.db, principalOf(request).workspaceId, request.body);
      return reply.code(201).send(contact);
    },
  );

  app.get(
    '/api/v1/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Get a contact with its anonymous ids',
        security: adminSecurity,
        params: IdParams,
        response: { 200: ContactDetailSchema, ...problemResponses(404) },
      },
    },
    async (request) => getContact(app.db, principalOf(request).workspaceId, request.params.id),
  );

  app.patch(
    '/api/v1/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Update a contact',
        description: 'Only the fields given change; null clears a field. Traits are merged shallowly; a trait set to null is removed.',
        security: adminSecurity,
        params: IdParams,
        body: ContactPatchBody,
        response: { 200: ContactSchema, ...problemResponses(404, 409) },
      },
    },
    async (request) => updateContact(app.db, principalOf(request).workspaceId, request.params.id, request.body),
  );

  app.delete(
    '/api/v1/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Delete a contact',
        description: 'Its orders stay with contact_id null; its anonymous ids are removed.',
        security: adminSecurity,
        params: IdParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      await deleteContact(app.db, principalOf(request).workspaceId, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/contacts/:id/timeline',
    {
      schema: {
        tags,
        summary: "A contact's events, newest first",
        security: adminSecurity,
        params: IdParams,
        querystring: TimelineQuery,
        response: { 200: PageOf(EventSchema), ...problemResponses(404) },
      },
    },
    async (request) => listContactTimeline(app.db, principalOf(request).workspaceId, request.params.id, request.query),
  );
});
