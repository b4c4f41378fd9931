import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildServer } from '../http/build-server.js';
import type { DatabaseTestContext } from './test-database.js';

export interface TestServer {
  /** The in-process server of this describe block. */
  app: () => FastifyInstance;
  /** A request with the block's admin key. */
  call: (method: InjectOptions['method'], url: string, payload?: unknown) => Promise<LightMyRequestResponse>;
}

/** Builds the real HTTP server on the block's database before its tests and closes it after. */
export function useTestServer({ db, ws }: Pick<DatabaseTestContext, 'db' | 'ws'>): TestServer {
  let app: FastifyInstance | undefined;
  beforeAll(async () => {
    app = await buildServer({ config: { logLevel: 'silent' }, db: db() });
  });
  afterAll(async () => app?.close());
  const get = () => {
    if (!app) throw new Error('server not built yet');
    return app;
  };
  return {
    app: get,
    call: (method, url, payload) =>
      get().inject({ method, url, headers: { authorization: `Bearer ${ws().adminKey.token}` }, ...(payload !== undefined ? { payload: payload as object } : {}) }),
  };
}
