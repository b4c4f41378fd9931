import cliProgress from 'cli-progress';

/** Progress callback that long use cases accept: done and total in the unit they name. */
export type OnProgress = (done: number, total: number) => void;

/**
 * A progress bar on stderr for a long CLI operation; silent with --json or when stderr
 * is not a terminal (then one line per 10 % so logs still show movement).
 */
export function progressBar(label: string, unit: string, quiet: boolean): { onProgress: OnProgress; stop: () => void } {
  if (quiet) return { onProgress: () => undefined, stop: () => undefined };
  if (!process.stderr.isTTY) {
    let lastTenth = -1;
    return {
      onProgress: (done, total) => {
        const tenth = total > 0 ? Math.floor((done / total) * 10) : 0;
        if (tenth !== lastTenth) {
          lastTenth = tenth;
          process.stderr.write(`${label}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} ${unit}\n`);
        }
      },
      stop: () => undefined,
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} ${unit} | {eta_formatted} left`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    onProgress: (done, total) => {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done);
      }
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
}
