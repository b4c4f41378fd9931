/**
 * What the recompute worker gives way to: the server's tracking requests (ingest). The HTTP
 * layer calls begin() when such a request starts and end() when its response has closed; the
 * worker reads busyMs() around each tick and, when requests queued behind each other most of
 * that time (ingest is saturating the server), rests a multiple of the time it worked
 * (src/recompute/run-recompute-worker.ts): queued subjects coalesce and are recomputed once per
 * longer interval instead of competing with every batch for the CPU (and, on PGlite, for the
 * one connection).
 */
export interface ForegroundWork {
  begin(): void;
  end(): void;
  /** Milliseconds during which at least two requests were in flight, since the tracker was made (never decreases). */
  busyMs(): number;
}

/**
 * Busy means two requests or more in flight: clients sending back to back keep requests
 * waiting behind each other, while a steady stream the server keeps up with (1,000 events a
 * second in batches every 50 ms) has one request in flight at a time, however long each takes.
 * Counting one in flight took that stream for saturation on 100k accounts, where a batch takes
 * 30-50 ms: the worker rested most of the time and its queue fell 20 s behind (measured).
 */
const BUSY_IN_FLIGHT = 2;

export function trackForegroundWork(clock: () => number = () => performance.now()): ForegroundWork {
  let inFlight = 0;
  let busy = 0;
  let since = 0;
  return {
    begin() {
      inFlight += 1;
      if (inFlight === BUSY_IN_FLIGHT) since = clock();
    },
    end() {
      if (inFlight === 0) return;
      if (inFlight === BUSY_IN_FLIGHT) busy += clock() - since;
      inFlight -= 1;
    },
    busyMs() {
      return inFlight >= BUSY_IN_FLIGHT ? busy + (clock() - since) : busy;
    },
  };
}
