import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createOrder } from '../../orders/create-order.js';
import { createRefund } from '../../orders/create-refund.js';
import { deleteOrder } from '../../orders/delete-order.js';
import { getOrder } from '../../orders/get-order.js';
import { listOrders } from '../../orders/list-orders.js';
import { updateOrder } from '../../orders/update-order.js';
import { adminScope } from '../admin-scope.js';
import { principalOf } from '../authenticate.js';
import { IdParams } from '../schemas/id-params-schema.js';
import {
  OrderCreateBody,
  OrderDetailSchema,
  OrderListQuery,
  OrderPatchBody,
  OrderSchema,
  RefundCreateBody,
  RefundSchema,
} from '../schemas/order-schema.js';
import { PageOf } from '../schemas/pagination-schema.js';
import { adminSecurity, problemResponses } from '../schemas/problem-responses.js';

const tags = ['orders'];

/** /api/v1/orders: orders with their lines, and refunds. */
export const ordersRoutes = adminScope(async (instance) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/orders',
    {
      schema: {
        tags,
        summary: 'List orders with their lines, newest first',
        security: adminSecurity,
        querystring: OrderListQuery,
        response: { 200: PageOf(OrderSchema), ...problemResponses() },
      },
    },
    async (request) => listOrders(app.db, principalOf(request).workspaceId, request.query),
  );

  app.post(
    '/api/v1/orders',
    {
      schema: {
        tags,
        summary: 'Create an order with its lines',
        description:
          'The account and contact by id or by external id; without an account the order takes its contact\'s. ' +
          'The total is the sum of the lines (quantity x unit_price); a total given must equal it.',
        security: adminSecurity,
        body: OrderCreateBody,
        response: { 201: OrderDetailSchema, ...problemResponses(409) },
      },
    },
    async (request, reply) => {
      const order = await createOrder(app.db, principalOf(request).workspaceId, request.body);
      return reply.code(201).send(order);
    },
  );

  app.post(
    '/api/v1/orders/:id/refunds',
    {
      schema: {
        tags,
        summary: 'Refund part or all of an order',
        description: 'The status becomes partially_refunded or refunded. More than what is left of the total is a 400.',
        security: adminSecurity,
        params: IdParams,
        body: RefundCreateBody,
        response: { 201: RefundSchema, ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      const refund = await createRefund(app.db, principalOf(request).workspaceId, request.params.id, request.body);
      return reply.code(201).send(refund);
    },
  );

  app.get(
    '/api/v1/orders/:id',
    {
      schema: {
        tags,
        summary: 'Get an order with its lines and refunds',
        security: adminSecurity,
        params: IdParams,
        response: { 200: OrderDetailSchema, ...problemResponses(404) },
      },
    },
    async (request) => getOrder(app.db, principalOf(request).workspaceId, request.params.id),
  );

  app.patch(
    '/api/v1/orders/:id',
    {
      schema: {
        tags,
        summary: "Update an order's header",
        description: 'Lines and totals do not change. Properties are merged shallowly; a property set to null is removed.',
        security: adminSecurity,
        params: IdParams,
        body: OrderPatchBody,
        response: { 200: OrderDetailSchema, ...problemResponses(404, 409) },
      },
    },
    async (request) => updateOrder(app.db, principalOf(request).workspaceId, request.params.id, request.body),
  );

  app.delete(
    '/api/v1/orders/:id',
    {
      schema: {
        tags,
        summary: 'Delete an order with its lines and refunds',
        security: adminSecurity,
        params: IdParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      await deleteOrder(app.db, principalOf(request).workspaceId, request.params.id);
      return reply.code(204).send(null);
    },
  );
});
