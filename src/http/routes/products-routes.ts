import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { createProduct } from '../../products/create-product.js';
import { deleteProduct } from '../../products/delete-product.js';
import { getProduct } from '../../products/get-product.js';
import { listProducts } from '../../products/list-products.js';
import { updateProduct } from '../../products/update-product.js';
import { adminScope } from '../admin-scope.js';
import { principalOf } from '../authenticate.js';
import { IdParams } from '../schemas/id-params-schema.js';
import { PageOf } from '../schemas/pagination-schema.js';
import { adminSecurity, problemResponses } from '../schemas/problem-responses.js';
import { ProductCreateBody, ProductListQuery, ProductPatchBody, ProductSchema } from '../schemas/product-schema.js';

const tags = ['products'];

/** /api/v1/products: the catalogue that order lines point to. */
export const productsRoutes = adminScope(async (instance) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/products',
    {
      schema: {
        tags,
        summary: 'List products',
        security: adminSecurity,
        querystring: ProductListQuery,
        response: { 200: PageOf(ProductSchema), ...problemResponses() },
      },
    },
    async (request) => listProducts(app.db, principalOf(request).workspaceId, request.query),
  );

  app.post(
    '/api/v1/products',
    {
      schema: {
        tags,
        summary: 'Create a product',
        security: adminSecurity,
        body: ProductCreateBody,
        response: { 201: ProductSchema, ...problemResponses(409) },
      },
    },
    async (request, reply) => {
      const product = await createProduct(app.db, principalOf(request).workspaceId, request.body);
      return reply.code(201).send(product);
    },
  );

  app.get(
    '/api/v1/products/:id',
    {
      schema: {
        tags,
        summary: 'Get a product',
        security: adminSecurity,
        params: IdParams,
        response: { 200: ProductSchema, ...problemResponses(404) },
      },
    },
    async (request) => getProduct(app.db, principalOf(request).workspaceId, request.params.id),
  );

  app.patch(
    '/api/v1/products/:id',
    {
      schema: {
        tags,
        summary: 'Update a product',
        description: 'Only the fields given change; null clears a field. Traits are merged shallowly; a trait set to null is removed.',
        security: adminSecurity,
        params: IdParams,
        body: ProductPatchBody,
        response: { 200: ProductSchema, ...problemResponses(404, 409) },
      },
    },
    async (request) => updateProduct(app.db, principalOf(request).workspaceId, request.params.id, request.body),
  );

  app.delete(
    '/api/v1/products/:id',
    {
      schema: {
        tags,
        summary: 'Delete a product',
        description: 'Order lines keep their sku, name and amounts, with product_id null.',
        security: adminSecurity,
        params: IdParams,
        response: { 204: Type.Null({ description: 'Deleted' }), ...problemResponses(404) },
      },
    },
    async (request, reply) => {
      await deleteProduct(app.db, principalOf(request).workspaceId, request.params.id);
      return reply.code(204).send(null);
    },
  );
});
