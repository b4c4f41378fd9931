import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { copyStatement } from './copy-sql.js';
import type { Database, Queryable, Row } from './database.js';
import type { ThreadError, ThreadOptions, ThreadRequest, ThreadResponse } from './pglite-thread.js';

export interface PgliteOptions {
  /** A directory to persist to; omit for an in-memory database (tests only: large loads collapse in memory). */
  dataDir?: string;
  /** A tarball made by dumpDataDir, to start from a prepared database. */
  loadDataDir?: Blob;
}

export interface PgliteDatabase extends Database {
  /** The whole database as an uncompressed tarball (for loadDataDir). */
  dumpDataDir(): Promise<Blob>;
}

/** Requests without their id: the id is given when sent. */
type Request = ThreadRequest extends infer R ? (R extends ThreadRequest ? Omit<R, 'id'> : never) : never;

/**
 * The worker script: built JavaScript beside this file, or (running the TypeScript sources, as
 * the tests and benchmarks do) a bootstrap that registers tsx's loader in the thread and imports
 * the .ts file (a worker does not inherit the loader the main thread was started with).
 */
function threadScript(): { script: URL | string; eval: boolean } {
  const js = new URL('./pglite-thread.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return { script: js, eval: false };
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
  const ts = new URL('./pglite-thread.ts', import.meta.url).href;
  return { script: `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(ts)}); })`, eval: true };
}

/** A PostgreSQL error from the thread, with its fields (code, constraint, detail, ...) as constraint-error.ts reads them. */
function threadError(e: ThreadError): Error {
  const error = new Error(e.message);
  Object.assign(error, e);
  return error;
}

/**
 * Opens PGlite in its own worker thread (pglite-thread.ts) behind the Database port. PGlite
 * runs SQL synchronously in WebAssembly; in-process that held the event loop for the whole of
 * every statement, so the server could neither parse the next request nor answer one while a
 * query ran (measured: ingest through /v1/batch at 12-13k events/s with the recompute worker
 * off, with the HTTP work and PGlite taking turns on one core). Hand-written: PGlite's own
 * worker wrapper (PGliteWorker) is for browser Web Workers. The thread keeps the process alive
 * only while a request or a transaction is open, as the in-process database did.
 */
export async function openPglite(opts: PgliteOptions): Promise<PgliteDatabase> {
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const loadDataDir = opts.loadDataDir ? await opts.loadDataDir.arrayBuffer() : null;
  const script = threadScript();
  const workerData: ThreadOptions = { dataDir: opts.dataDir ?? null, loadDataDir };
  const worker = new Worker(script.script, { eval: script.eval, workerData, transferList: loadDataDir ? [loadDataDir] : [] });
  const pending = new Map<number, { resolve: (r: ThreadResponse & { ok: true }) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  let failed: Error | null = null;
  let closed = false;

  const settle = (res: ThreadResponse) => {
    const p = pending.get(res.id);
    if (!p) return;
    pending.delete(res.id);
    if (pending.size === 0) worker.unref();
    if (res.ok) p.resolve(res);
    else p.reject(threadError(res.error));
  };
  const fail = (e: Error) => {
    failed = e;
    for (const p of pending.values()) p.reject(e);
    pending.clear();
  };
  worker.on('error', (e) => fail(e));
  worker.on('exit', (code) => fail(new Error(closed ? 'the database is closed' : `the PGlite thread stopped (exit code ${code})`)));

  const ready = new Promise<void>((resolve, reject) => {
    pending.set(0, { resolve: () => resolve(), reject });
  });
  worker.on('message', settle);
  await ready;
  worker.unref();

  const send = (request: Request): Promise<ThreadResponse & { ok: true }> => {
    if (failed) return Promise.reject(failed);
    const id = nextId++;
    return new Promise((resolve, reject) => {
      if (pending.size === 0) worker.ref();
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id });
    });
  };

  const queryable = (tx: number | null): Queryable => ({
    async query<T extends Row>(sql: string, params: unknown[] = []) {
      return (await send({ op: 'query', tx, sql, params })).rows as T[];
    },
    async execute(sql: string, params: unknown[] = []) {
      return (await send({ op: 'query', tx, sql, params })).affected ?? 0;
    },
    async exec(sql: string) {
      await send({ op: 'exec', tx, sql });
    },
    async copyCsv(table: string, columns: readonly string[], csv: string) {
      if (csv.length === 0) return 0;
      return (await send({ op: 'copy', tx, sql: copyStatement(table, columns, "'/dev/blob'"), data: csv })).affected ?? 0;
    },
    async copyBinary(table: string, columns: readonly string[], data: Uint8Array<ArrayBuffer>) {
      return (await send({ op: 'copy', tx, sql: copyStatement(table, columns, "'/dev/blob'", 'binary'), data })).affected ?? 0;
    },
  });

  return {
    kind: 'pglite',
    ...queryable(null),
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      // PGlite has one connection: a transaction holds it until it ends, and other callers wait.
      // Inside fn, use only tx: the outer handle would wait for this transaction.
      const { id } = await send({ op: 'begin' });
      let result: T;
      try {
        result = await fn(queryable(id));
      } catch (e) {
        await send({ op: 'end', tx: id, commit: false }).catch(() => undefined);
        throw e;
      }
      await send({ op: 'end', tx: id, commit: true });
      return result;
    },
    async dumpDataDir() {
      const { data } = await send({ op: 'dump' });
      return new Blob([data!]);
    },
    async close() {
      if (closed || failed) return;
      closed = true;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      await send({ op: 'close' });
      // The thread ends once PGlite has closed: keep the process alive until then.
      worker.ref();
      await exited;
    },
  };
}
