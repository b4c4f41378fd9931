/**
 * Worker thread of the demo loader: generates the demo company and turns it into CSV while
 * the loader's thread runs COPY, so generation and the (single-threaded) embedded database
 * use both cores. Protocol, all messages plain objects:
 *   in:  { type: 'start', options, workspaceId }, { type: 'ids', ids }, { type: 'ack' }
 *   out: { type: 'reserve', request }, { type: 'batch', batch }, { type: 'done' }, { type: 'error', message, stack }
 * At most MAX_UNACKED batches are in flight, so memory stays bounded however fast COPY is.
 */
import { parentPort } from 'node:worker_threads';
import type { DemoOptions } from './generate-demo-company.js';
import { produceDemoCsv, type IdRequest, type ReservedIds } from './produce-demo-csv.js';

export type ToWorker = { type: 'start'; options: DemoOptions; workspaceId: number } | { type: 'ids'; ids: ReservedIds } | { type: 'ack' };
export type FromWorker =
  | { type: 'reserve'; request: IdRequest }
  | { type: 'batch'; batch: { table: string; csv: string; rows: number } }
  | { type: 'done' }
  | { type: 'error'; message: string; stack?: string };

const MAX_UNACKED = 3;
const port = parentPort;
if (!port) throw new Error('demo-csv-worker runs only as a worker thread');

let unacked = 0;
let waitingIds: ((ids: ReservedIds) => void) | null = null;
let waitingAck: (() => void) | null = null;
const send = (m: FromWorker) => port.postMessage(m);

async function run(options: DemoOptions, workspaceId: number): Promise<void> {
  const reserve = (request: IdRequest) =>
    new Promise<ReservedIds>((resolve) => {
      waitingIds = resolve;
      send({ type: 'reserve', request });
    });
  for await (const batch of produceDemoCsv(options, workspaceId, reserve)) {
    send({ type: 'batch', batch });
    unacked++;
    while (unacked >= MAX_UNACKED) await new Promise<void>((resolve) => (waitingAck = resolve));
  }
  send({ type: 'done' });
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'start') {
    run(m.options, m.workspaceId).catch((e: unknown) =>
      send({ type: 'error', message: e instanceof Error ? e.message : String(e), ...(e instanceof Error && e.stack ? { stack: e.stack } : {}) }),
    );
  } else if (m.type === 'ids') {
    const resolve = waitingIds;
    waitingIds = null;
    resolve?.(m.ids);
  } else {
    unacked--;
    const resolve = waitingAck;
    waitingAck = null;
    resolve?.();
  }
});
