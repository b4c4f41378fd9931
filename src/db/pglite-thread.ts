import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { NUMERIC_TYPE_IDS, toNumber } from './database.js';

/**
 * The thread that runs PGlite (open-pglite.ts starts it). PGlite executes SQL synchronously in
 * WebAssembly on the thread that calls it; here it has its own thread, so the server's event
 * loop (HTTP parsing, validation, answering) runs on the other core meanwhile. Requests arrive
 * as messages and are handled concurrently: PGlite itself serialises them (one connection; a
 * transaction holds it until its `end`).
 */

/** What the main thread asks; `tx` is the id of an open transaction (its `begin` request's id), or null. */
export type ThreadRequest =
  | { id: number; op: 'query'; tx: number | null; sql: string; params: unknown[] }
  | { id: number; op: 'exec'; tx: number | null; sql: string }
  | { id: number; op: 'copy'; tx: number | null; sql: string; data: string | Uint8Array<ArrayBuffer> }
  | { id: number; op: 'begin' }
  | { id: number; op: 'end'; tx: number; commit: boolean }
  | { id: number; op: 'dump' }
  | { id: number; op: 'close' };

/** A PostgreSQL error's fields (code, constraint, detail, table, ...) as plain values. */
export type ThreadError = Record<string, string | number | boolean | null> & { name: string; message: string };

export type ThreadResponse =
  | { id: number; ok: true; rows?: unknown[]; affected?: number; data?: ArrayBuffer }
  | { id: number; ok: false; error: ThreadError };

export interface ThreadOptions {
  dataDir: string | null;
  /** A tarball made by dumpDataDir to start from. */
  loadDataDir: ArrayBuffer | null;
}

type Runner = Pick<Transaction, 'query' | 'exec'>;

const ROLLBACK = Symbol('rollback');

function serialiseError(e: unknown): ThreadError {
  if (!(e instanceof Error)) return { name: 'Error', message: String(e) };
  const out: ThreadError = { name: e.name, message: e.message, stack: e.stack ?? null };
  for (const [k, v] of Object.entries(e)) {
    if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) out[k] = v as string | number | boolean | null;
  }
  return out;
}

async function main(port: NonNullable<typeof parentPort>, options: ThreadOptions): Promise<void> {
  const pglite = await PGlite.create({
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: new Blob([options.loadDataDir]) } : {}),
    extensions: { pg_trgm },
    parsers: { [NUMERIC_TYPE_IDS.int8]: toNumber, [NUMERIC_TYPE_IDS.numeric]: toNumber },
  });
  /** Open transactions by id: their handle, how to end them, and the promise that settles when they have. */
  const open = new Map<number, { tx: Transaction; end: (commit: boolean) => void; done: Promise<void> }>();
  const runner = (tx: number | null): Runner => {
    if (tx === null) return pglite;
    const t = open.get(tx);
    if (!t) throw new Error(`no open transaction ${tx}`);
    return t.tx;
  };

  const handle = async (m: ThreadRequest): Promise<ThreadResponse> => {
    switch (m.op) {
      case 'query': {
        const res = await runner(m.tx).query(m.sql, m.params);
        return { id: m.id, ok: true, rows: res.rows, affected: res.affectedRows ?? 0 };
      }
      case 'exec':
        await runner(m.tx).exec(m.sql);
        return { id: m.id, ok: true };
      case 'copy': {
        const res = await runner(m.tx).query(m.sql, [], { blob: new Blob([m.data]) });
        return { id: m.id, ok: true, affected: res.affectedRows ?? 0 };
      }
      case 'begin':
        return new Promise<ThreadResponse>((answer, fail) => {
          let done!: Promise<void>;
          done = pglite.transaction(
            (tx) =>
              new Promise<void>((resolve, reject) => {
                open.set(m.id, { tx, end: (commit) => (commit ? resolve() : reject(ROLLBACK)), done });
                answer({ id: m.id, ok: true });
              }),
          );
          // A BEGIN that fails never reaches the callback.
          done.catch((e: unknown) => {
            if (!open.has(m.id)) fail(e);
          });
        });
      case 'end': {
        const t = open.get(m.tx);
        if (!t) throw new Error(`no open transaction ${m.tx}`);
        t.end(m.commit);
        try {
          await t.done;
        } catch (e) {
          if (e !== ROLLBACK) throw e;
        } finally {
          open.delete(m.tx);
        }
        return { id: m.id, ok: true };
      }
      case 'dump': {
        const file = await pglite.dumpDataDir('none');
        return { id: m.id, ok: true, data: await file.arrayBuffer() };
      }
      case 'close':
        if (!pglite.closed) await pglite.close();
        return { id: m.id, ok: true };
    }
  };

  port.on('message', (m: ThreadRequest) => {
    handle(m).then(
      (res) => {
        port.postMessage(res, res.ok && res.data ? [res.data] : []);
        if (m.op === 'close') port.close();
      },
      (e: unknown) => port.postMessage({ id: m.id, ok: false, error: serialiseError(e) } satisfies ThreadResponse),
    );
  });
  port.postMessage({ id: 0, ok: true } satisfies ThreadResponse);
}

if (parentPort) {
  const port = parentPort;
  main(port, workerData as ThreadOptions).catch((e: unknown) => port.postMessage({ id: 0, ok: false, error: serialiseError(e) } satisfies ThreadResponse));
}
