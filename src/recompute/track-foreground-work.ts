/**
 * What the recompute worker gives way to: the server's tracking requests (ingest). The HTTP
 * layer calls begin() when such a request starts and end() when its response has closed; the
 * worker reads busyMs() around each tick and, when requests were in flight most of that time
 * (ingest is saturating the server), rests a multiple of the time it worked
 * (src/recompute/run-recompute-worker.ts): queued subjects coalesce and are recomputed once per
 * longer interval instead of competing with every batch for the CPU (and, on PGlite, for the
 * one connection).
 */
export interface ForegroundWork {
  begin(): void;
  end(): void;
  /** Milliseconds during which at least one request was in flight, since the tracker was made (never decreases). */
  busyMs(): number;
}

export function trackForegroundWork(clock: () => number = () => performance.now()): ForegroundWork {
  let inFlight = 0;
  let busy = 0;
  let since = 0;
  return {
    begin() {
      if (inFlight === 0) since = clock();
      inFlight += 1;
    },
    end() {
      if (inFlight === 0) return;
      inFlight -= 1;
      if (inFlight === 0) busy += clock() - since;
    },
    busyMs() {
      return inFlight > 0 ? busy + (clock() - since) : busy;
    },
  };
}
