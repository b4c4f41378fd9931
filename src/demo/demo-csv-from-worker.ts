import { Worker } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './demo-csv-worker.js';
import type { ResolvedDemoOptions } from './generate-demo-company.js';
import type { DemoCsvBatch, ReserveIds } from './produce-demo-csv.js';

/**
 * The worker thread. Built code runs the compiled worker directly. From the TypeScript sources
 * (tests, tsx) the worker first registers tsx's loader (a dev dependency), as a worker does
 * not inherit the parent's loader hooks.
 */
function startWorker(): Worker {
  // Its live data is one chunk and a few batches: a capped heap keeps V8 from growing lazily.
  const resourceLimits = { maxOldGenerationSizeMb: 256 };
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./demo-csv-worker.js', import.meta.url), { resourceLimits });
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./demo-csv-worker.ts', import.meta.url).href;
  return new Worker(`import(${JSON.stringify(tsx)}).then((api) => api.register()).then(() => import(${JSON.stringify(entry)}));`, { eval: true, resourceLimits });
}

/**
 * produceDemoCsv run in a worker thread: the same batches, made on the other core while the
 * caller writes the previous ones. Ids are still reserved here, through reserve(). Stopping
 * early (a failed COPY) terminates the worker.
 */
export async function* demoCsvFromWorker(options: ResolvedDemoOptions, workspaceId: number, reserve: ReserveIds): AsyncGenerator<DemoCsvBatch> {
  const worker = startWorker();
  const queue: FromWorker[] = [];
  let failure: Error | null = null;
  let finished = false;
  let wake: (() => void) | null = null;
  const wakeUp = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  const post = (m: ToWorker) => worker.postMessage(m);
  worker.on('message', (m: FromWorker) => {
    if (m.type === 'reserve') {
      reserve(m.request).then(
        (ids) => post({ type: 'ids', ids }),
        (e: unknown) => {
          failure = e instanceof Error ? e : new Error(String(e));
          wakeUp();
        },
      );
      return;
    }
    queue.push(m);
    wakeUp();
  });
  worker.on('error', (e) => {
    failure = e;
    wakeUp();
  });
  worker.on('exit', (code) => {
    if (!finished) {
      failure ??= new Error(`the demo generator's worker thread stopped (exit code ${code})`);
      wakeUp();
    }
  });
  const { seed, scale, eventsPerAccount, referenceDate, batchRows } = options;
  post({ type: 'start', options: { seed, scale, eventsPerAccount, referenceDate, batchRows }, workspaceId });
  try {
    for (;;) {
      while (queue.length === 0 && !failure) await new Promise<void>((resolve) => (wake = resolve));
      if (failure) throw failure;
      const m = queue.shift()!;
      if (m.type === 'done') return;
      if (m.type === 'error') {
        const e = new Error(m.message);
        if (m.stack) e.stack = m.stack;
        throw e;
      }
      if (m.type === 'batch') {
        yield m.batch as DemoCsvBatch;
        post({ type: 'ack' });
      }
    }
  } finally {
    finished = true;
    await worker.terminate();
  }
}
