import type { FastifyInstance } from 'fastify';
import { healthRoutes } from './routes/health-routes.js';

/** Every route module of the HTTP interface, registered in one place. */
export async function registerRoutes(app: FastifyInstance): Promise<void> {
  await app.register(healthRoutes);
}
