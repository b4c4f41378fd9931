import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { requireKey } from './authenticate.js';

/**
 * Wraps route registrations so every route inside needs an admin key
 * (`Authorization: Bearer kanta_admin_…`). Use principalOf(request) inside handlers.
 */
export function adminScope(register: (app: FastifyInstance) => Promise<void>): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', async (request) => {
      await requireKey(app.db, request, 'admin');
    });
    await register(app);
  };
}
