import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sampleRss } from './rss.js';

const BIN = fileURLToPath(new URL('../../bin/kanta.js', import.meta.url));

/** Runs the built `kanta` CLI as its own process; returns stdout, wall time and peak RSS. */
export async function runCli(args: string[]): Promise<{ stdout: string; stderr: string; seconds: number; peakRssMb: number; code: number }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, KANTA_LOG_LEVEL: 'warn' } });
  const rss = sampleRss(child.pid!, 50);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number>((resolve) => child.once('exit', (c) => resolve(c ?? 1)));
  return { stdout, stderr, seconds: (performance.now() - t0) / 1000, peakRssMb: rss.stop(), code };
}
