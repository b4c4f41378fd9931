import { readFileSync } from 'node:fs';

/** Resident set size of a process in MB, read from /proc (Linux). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

/** Samples a process's RSS every interval and keeps the peak. */
export function sampleRss(pid: number, intervalMs = 100): { stop: () => number } {
  let peak = 0;
  const tick = () => {
    try {
      const now = rssMb(pid);
      if (Number.isFinite(now)) peak = Math.max(peak, now);
    } catch {
      // the process ended
    }
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      tick();
      return peak;
    },
  };
}
