import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createAccount } from '../../accounts/create-account.js';
import { deleteAccount } from '../../accounts/delete-account.js';
import { getAccount } from '../../accounts/get-account.js';
import { listAccountFacets } from '../../accounts/list-account-facets.js';
import { listAccounts } from '../../accounts/list-accounts.js';
import { updateAccount } from '../../accounts/update-account.js';
import { listAccountContacts } from '../../contacts/list-account-contacts.js';
import { listAccountTimeline } from '../../events/list-account-timeline.js';
import { listAccountOrders } from '../../orders/list-account-orders.js';
import { adminScope } from '../admin-scope.js';
import { principalOf } from '../authenticate.js';
import {
  AccountCreateBody,
  AccountDetailSchema,
  AccountFacetsSchema,
  AccountListQuery,
  AccountPatchBody,
  AccountSchema,
} from '../schemas/account-schema.js';
import { AccountContactsQuery, ContactSchema } from '../schemas/contact-schema.js';
import { EventSchema, TimelineQuery } from '../schemas/event-schema.js';
import { IdParams } from '../schemas/id-params-schema.js';
import { AccountOrdersQuery, OrderSchema } from '../schemas/order-schema.js';
import { PageOf } from '../schemas/pagination-schema.js';
import { adminSecurity, problemResponses } from '../schemas/problem-responses.js';

const tags = ['accounts'];

/** /api/v1/accounts: organisations and consumers, with their contacts, orders and merged timeline. */
export const accountsRoutes = adminScope(async (instance) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/accounts',
    {
      schema: {
        tags,
        summary: 'List accounts',
        description: 'Keyset-paginated; `q` searches name, domain and external id (case-insensitive substring).',
        security: adminSecurity,
        querystring: AccountListQuery,
        response: { 200: PageOf(AccountSchema), ...problemResponses() },
      },
    },
    async (request) => listAccounts(app.db, principalOf(request).workspaceId, request.query),
  );

  app.get(
    '/api/v1/accounts/facets',
    {
      schema: {
        tags,
        summary: 'Most common countries, industries and owners, with counts',
        security: adminSecurity,
        response: { 200: AccountFacetsSchema, ...problemResponses() },
      },
    },
    async (request) => listAccountFacets(app.db, principalOf(request).workspaceId),
  );

  app.post(
    '/api/v1/accounts',
    {
      schema: {
        tags,
        summary: 'Create an account',
        security: adminSecurity,
        body: AccountCreateBody,
        response: { 201: AccountSchema, ...problemResponses(409) },
      },
    },
    async (request, reply) => {
      const account = await createAccount(app.db, principalOf(request).workspaceId, request.body);
      return reply.code(201).send(account);
    },
  );

  app.get(
    '/api/v1/accounts/:id',
    {
      schema: {
        tags,
        summary: 'Get an account with contact and order counts and revenue',
        security: adminSecurity,
        params: IdParams,
        response: { 200: AccountDetailSchema, ...problemResponses(404) },
      },
    },
    async (request) => getAccount(app.db, principalOf(request).workspaceId, request.params.id),
  );

  app.patch(
    '/api/v1/accounts/:id',
    {
      schema: {
        tags,
        summary: 'Update an account',
        description: 'Only the fields given change; null clears a field. Traits are merged shallowly; a trait set to null is removed.',
        security: adminSecurity,
        params: IdParams,
        body: AccountPatchBody,
        response: { 200: AccountSchema, ...problemResponses(404, 409) },
      },
    },
    async (request) => updateAccount(app.db, principalOf(request).workspaceId, request.params.id, request.body),
  );

  app.delete(
    '/api/v1/accounts/:id',
    {
      schema: {
        tags,
        summary: 'Delete an account',
        description: 'Its contacts and orders stay, with account_id null.',
        security: adminSecurity,
        params: IdParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      await deleteAccount(app.db, principalOf(request).workspaceId, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/v1/accounts/:id/contacts',
    {
      schema: {
        tags,
        summary: "List an account's contacts",
        security: adminSecurity,
        params: IdParams,
        querystring: AccountContactsQuery,
        response: { 200: PageOf(ContactSchema), ...problemResponses(404) },
      },
    },
    async (request) => listAccountContacts(app.db, principalOf(request).workspaceId, request.params.id, request.query),
  );

  app.get(
    '/api/v1/accounts/:id/orders',
    {
      schema: {
        tags,
        summary: "List an account's orders with their lines, newest first",
        security: adminSecurity,
        params: IdParams,
        querystring: AccountOrdersQuery,
        response: { 200: PageOf(OrderSchema), ...problemResponses(404) },
      },
    },
    async (request) => listAccountOrders(app.db, principalOf(request).workspaceId, request.params.id, request.query),
  );

  app.get(
    '/api/v1/accounts/:id/timeline',
    {
      schema: {
        tags,
        summary: 'The events of an account and of its contacts, merged, newest first',
        security: adminSecurity,
        params: IdParams,
        querystring: TimelineQuery,
        response: { 200: PageOf(EventSchema), ...problemResponses(404) },
      },
    },
    async (request) => listAccountTimeline(app.db, principalOf(request).workspaceId, request.params.id, request.query),
  );
});
