import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import type { Config } from '../config/load-config.js';
import type { Database } from '../db/database.js';
import { handleError, sendProblem } from './problem.js';
import { AppError } from '../errors/app-error.js';
import { registerRoutes } from './register-routes.js';
import { useJsonBodyParser } from './parse-json-body.js';
import { startRecomputeWorker, type RecomputeWorkerOptions } from '../recompute/run-recompute-worker.js';
import { trackForegroundWork } from '../recompute/track-foreground-work.js';
import { startCareWorker, type CareWorkerOptions } from '../programmes/engine/run-care-worker.js';
import { startMaintenanceWorker, type MaintenanceWorkerOptions } from '../maintenance/run-maintenance-worker.js';

/** Where `vite build` puts the web app (same path from src/http and dist/http). */
const WEB_DIR = fileURLToPath(new URL('../../dist/web/', import.meta.url));

export interface ServerDeps {
  config: Pick<Config, 'logLevel'>;
  db: Database;
  /** Run the recompute worker in this process while the server is open (`kanta serve` does; tests opt in). */
  recomputeWorker?: RecomputeWorkerOptions | undefined;
  /** Run the care worker (trigger scans, due care actions) in this process while the server is open (`kanta serve` does; tests opt in). */
  careWorker?: CareWorkerOptions | undefined;
  /** Vacuum and analyse tables in this process where no autovacuum does (`kanta serve` does on PGlite; tests opt in). */
  maintenanceWorker?: MaintenanceWorkerOptions | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
  }
}

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: deps.config.logLevel === 'silent' ? false : { level: deps.config.logLevel },
    // Per-request log lines only when debugging: ingest runs thousands of requests a second.
    logController: new LogController({ disableRequestLogging: deps.config.logLevel !== 'debug' && deps.config.logLevel !== 'trace' }),
    // Segment allows 500 KB a batch; the API's own bodies are smaller. Per-route limits refine this.
    bodyLimit: 1024 * 1024,
    ajv: {
      customOptions: {
        // Unknown fields are an error the caller is told about, never silently dropped.
        removeAdditional: false,
        coerceTypes: 'array',
        useDefaults: true,
        allErrors: true,
      },
    },
  });
  app.decorate('db', deps.db);
  app.setErrorHandler(handleError);
  useJsonBodyParser(app, 'application/json');

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kanta API',
        version: '0.1.0',
        description:
          'Customer relationship automation. `/api/v1` needs `Authorization: Bearer <admin key>`; ' +
          'the Segment-compatible tracking API under `/v1` takes the workspace write key as the HTTP Basic user name. ' +
          'Errors are RFC 9457 problem details (`application/problem+json`).',
      },
      components: {
        securitySchemes: {
          adminKey: { type: 'http', scheme: 'bearer', description: 'A workspace admin key (kanta_admin_…)' },
          writeKey: { type: 'http', scheme: 'basic', description: 'The workspace write key as user name, empty password' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // The recompute worker gives way to the tracking API (/v1/...): ingest throughput first, recompute a little later.
  const foreground = deps.recomputeWorker ? (deps.recomputeWorker.foreground ?? trackForegroundWork()) : null;
  if (foreground) {
    app.addHook('onRequest', async (request, reply) => {
      if (!request.url.startsWith('/v1/')) return;
      foreground.begin();
      reply.raw.once('close', () => foreground.end());
    });
  }

  await registerRoutes(app);

  // The workers start once every plugin has loaded: on PGlite their queries hold the one
  // connection, and a long first recompute (a freshly loaded demo company) must not starve plugin start-up.
  if (deps.recomputeWorker) {
    const options = deps.recomputeWorker;
    let worker: { stop(): Promise<void> } | null = null;
    app.addHook('onReady', async () => {
      worker = startRecomputeWorker(deps.db, { ...options, ...(foreground ? { foreground } : {}), onError: options.onError ?? ((e) => app.log.error(e, 'recompute worker failed')) });
    });
    app.addHook('onClose', async () => worker?.stop());
  }
  if (deps.careWorker) {
    const options = deps.careWorker;
    let worker: { stop(): Promise<void> } | null = null;
    app.addHook('onReady', async () => {
      worker = startCareWorker(deps.db, { ...options, onError: options.onError ?? ((e) => app.log.error(e, 'care worker failed')) });
    });
    app.addHook('onClose', async () => worker?.stop());
  }

  if (deps.maintenanceWorker) {
    const options = deps.maintenanceWorker;
    let worker: { stop(): Promise<void> } | null = null;
    app.addHook('onReady', async () => {
      worker = startMaintenanceWorker(deps.db, {
        ...options,
        onPass:
          options.onPass ??
          ((r) => app.log.info({ tables: r.done.map((t) => ({ table: t.table, vacuum: t.vacuum, analyze: t.analyze, deadRows: t.deadRows, ms: Math.round(t.ms) })), left: r.left.length }, 'vacuumed and analysed tables')),
        onError: options.onError ?? ((e) => app.log.error(e, 'table maintenance failed')),
      });
    });
    app.addHook('onClose', async () => worker?.stop());
  }

  if (existsSync(WEB_DIR)) {
    await app.register(fastifyStatic, { root: WEB_DIR, prefix: '/', wildcard: false });
  }
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !request.url.startsWith('/api/') && !request.url.startsWith('/v1/');
    if (isPage && existsSync(`${WEB_DIR}/index.html`)) return reply.type('text/html').sendFile('index.html');
    return sendProblem(reply, request, new AppError('not_found', `No route ${request.method} ${request.url.split('?')[0]}`));
  });
  return app;
}
