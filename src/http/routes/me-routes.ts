import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { findWorkspace } from '../../workspaces/find-workspace.js';
import { adminScope } from '../admin-scope.js';
import { principalOf } from '../authenticate.js';
import { MeSchema } from '../schemas/me-schema.js';
import { adminSecurity, problemResponses } from '../schemas/problem-responses.js';

/** /api/v1/me: the workspace and key of the caller (the web app's sign-in check). */
export const meRoutes = adminScope(async (instance) => {
  const app = instance.withTypeProvider<TypeBoxTypeProvider>();

  app.get(
    '/api/v1/me',
    {
      schema: {
        tags: ['workspace'],
        summary: 'The workspace and API key of the caller',
        security: adminSecurity,
        response: { 200: MeSchema, ...problemResponses() },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const workspace = await findWorkspace(app.db, principal.workspaceSlug);
      return { workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name }, key: { id: principal.keyId, kind: principal.kind } };
    },
  );
});
