import type { FastifyInstance } from 'fastify';
import { healthRoutes } from './routes/health-routes.js';
import { meRoutes } from './routes/me-routes.js';
import { keysRoutes } from './routes/keys-routes.js';
import { accountsRoutes } from './routes/accounts-routes.js';
import { contactsRoutes } from './routes/contacts-routes.js';
import { productsRoutes } from './routes/products-routes.js';
import { ordersRoutes } from './routes/orders-routes.js';
import { eventsRoutes } from './routes/events-routes.js';
import { ingestRoutes } from './routes/ingest-routes.js';
import { importRoutes } from './routes/import-routes.js';
import { lifecycleRoutes } from './routes/lifecycle-routes.js';
import { segmentsRoutes } from './routes/segments-routes.js';
import { rulesRoutes } from './routes/rules-routes.js';
import { recomputeRoutes } from './routes/recompute-routes.js';
import { analyticsRoutes } from './routes/analytics-routes.js';
import { recommendationsRoutes } from './routes/recommendations-routes.js';
import { funnelRoutes } from './routes/funnel-routes.js';
import { walletRoutes } from './routes/wallet-routes.js';
import { programmesRoutes } from './routes/programmes-routes.js';
import { carePublicRoutes } from './routes/care-public-routes.js';
import { careChannelsRoutes } from './routes/care-channels-routes.js';
import { careActionsRoutes } from './routes/care-actions-routes.js';

/** Every route module of the HTTP interface, registered in one place. */
export async function registerRoutes(app: FastifyInstance): Promise<void> {
  await app.register(healthRoutes);
  await app.register(meRoutes);
  await app.register(keysRoutes);
  await app.register(accountsRoutes);
  await app.register(contactsRoutes);
  await app.register(productsRoutes);
  await app.register(ordersRoutes);
  await app.register(eventsRoutes);
  await app.register(ingestRoutes);
  await app.register(importRoutes);
  await app.register(lifecycleRoutes);
  await app.register(segmentsRoutes);
  await app.register(rulesRoutes);
  await app.register(recomputeRoutes);
  await app.register(analyticsRoutes);
  await app.register(recommendationsRoutes);
  await app.register(funnelRoutes);
  await app.register(walletRoutes);
  await app.register(programmesRoutes);
  await app.register(careChannelsRoutes);
  await app.register(careActionsRoutes);
  await app.register(carePublicRoutes);
}
