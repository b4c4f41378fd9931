import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/kanta.js', import.meta.url));

export interface ChildServer {
  url: string;
  /** Printed only on a first start (an empty database); null when the database had a workspace. */
  adminKey: string | null;
  writeKey: string | null;
  process: ChildProcess;
  stop: () => Promise<void>;
}

/**
 * Starts `kanta serve` as a separate process on an empty database (no demo), so the load
 * generator does not share its event loop and the server's RSS can be read on its own.
 */
export async function startChildServer(opts: { dataDir?: string; databaseUrl?: string; port: number; env?: Record<string, string> }): Promise<ChildServer> {
  // BENCH_SERVER_NODE_ARGS: extra node flags for the server (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof").
  const args = [...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean), BIN, 'serve', '--no-demo', '--port', String(opts.port)];
  if (opts.dataDir) args.push('--data-dir', opts.dataDir);
  if (opts.databaseUrl) args.push('--database-url', opts.databaseUrl);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KANTA_LOG_LEVEL: 'warn', ...opts.env } });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const ready = await new Promise<{ url: string; adminKey: string | null; writeKey: string | null }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 120 s:\n${out}\n${err}`)), 120_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /Kanta is running at (\S+)/.exec(out)?.[1];
      // serve prints the URL, and on a first start the keys, in one write.
      if (url) {
        clearTimeout(timer);
        const admin = /Admin API key[^:]*: (\S+)/.exec(out)?.[1] ?? null;
        const write = /Ingest write key[^:]*: (\S+)/.exec(out)?.[1] ?? null;
        resolve({ url, adminKey: admin, writeKey: write });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}\n${err}`));
    });
  });
  return {
    ...ready,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
