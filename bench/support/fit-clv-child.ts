/**
 * The Kanta side of the analytics-fit benchmark, run as its own process (so its peak RSS is its
 * own): reads an RFM summary CSV (x,tx,T,zbar, one row per customer), fits BG/NBD and
 * Gamma-Gamma and scores every customer the way bench/analytics-baseline.py does (expected
 * purchases over the horizon, P(active), expected spend, CLV over 12 monthly periods at 1 %),
 * and prints one JSON object with the estimates, totals, timings and peak RSS.
 *
 *   tsx bench/support/fit-clv-child.ts summary.csv [--horizon 39]
 */
import { readFileSync } from 'node:fs';
import { compressRfmRows } from '../../src/analytics/models/compress-rfm-rows.js';
import { fitBgNbdRows } from '../../src/analytics/models/fit-bg-nbd.js';
import { fitGammaGamma } from '../../src/analytics/models/fit-gamma-gamma.js';
import { scoreCustomers } from '../../src/analytics/models/score-customers.js';
import { validateRfmColumns } from '../../src/analytics/models/validate-rfm-columns.js';

const args = process.argv.slice(2);
const path = args[0];
if (!path) throw new Error('usage: fit-clv-child.ts summary.csv [--horizon 39]');
const horizonAt = args.indexOf('--horizon');
const horizon = horizonAt >= 0 ? Number(args[horizonAt + 1]) : 39;

const t0 = performance.now();
const text = readFileSync(path, 'latin1');
const firstNl = text.indexOf('\n');
const header = text.slice(0, firstNl).trim().split(',');
const col = (name: string): number => {
  const k = header.indexOf(name);
  if (k < 0) throw new Error(`column ${name} missing from ${path}`);
  return k;
};
const [ix, itx, iT, iz] = [col('x'), col('tx'), col('T'), col('zbar')];
let rows = 0;
for (let p = firstNl + 1; p < text.length; p++) if (text.charCodeAt(p) === 10) rows++;
if (text.length > firstNl + 1 && text.charCodeAt(text.length - 1) !== 10) rows++;
const x = new Float64Array(rows);
const tx = new Float64Array(rows);
const T = new Float64Array(rows);
const zbar = new Float64Array(rows);
let pos = firstNl + 1;
for (let i = 0; i < rows; i++) {
  let nl = text.indexOf('\n', pos);
  if (nl < 0) nl = text.length;
  const f = text.slice(pos, nl).trim().split(',');
  x[i] = Number(f[ix]);
  tx[i] = Number(f[itx]);
  T[i] = Number(f[iT]);
  zbar[i] = Number(f[iz]);
  pos = nl + 1;
}
const readSeconds = (performance.now() - t0) / 1000;

const c0 = process.cpuUsage();
const f0 = performance.now();
const summary = { x, tx, T, zbar };
validateRfmColumns(summary);
const compressed = compressRfmRows(summary);
const bg = fitBgNbdRows(compressed);
const gg = fitGammaGamma(summary);
const fitSeconds = (performance.now() - f0) / 1000;
if (!bg.ok) throw new Error(`BG/NBD: ${bg.message}`);
if (!gg.ok) throw new Error(`Gamma-Gamma: ${gg.message}`);

const s0 = performance.now();
const scores = scoreCustomers({
  summary,
  transactionModel: { kind: 'bg-nbd', params: bg.params },
  spendModel: gg.params,
  horizon,
  clv: { periods: 12, periodLength: 4.345, discountRate: 0.01 },
});
const scoreSeconds = (performance.now() - s0) / 1000;
const cpu = process.cpuUsage(c0);

const sum = (a: Float64Array | null): number => (a ? a.reduce((s, v) => s + v, 0) : Number.NaN);
const out = {
  customers: rows,
  fitRows: compressed.x.length,
  bgnbd: { ...bg.params, logLikelihood: bg.logLikelihood, converged: bg.converged, iterations: bg.iterations },
  gammaGamma: { ...gg.params, logLikelihood: gg.logLikelihood, converged: gg.converged, iterations: gg.iterations },
  totals: {
    expectedPurchases: sum(scores.expectedPurchases),
    probabilityAlive: sum(scores.probabilityAlive),
    expectedSpend: sum(scores.expectedSpend),
    clv: sum(scores.clv),
  },
  seconds: { read: readSeconds, fit: fitSeconds, score: scoreSeconds, fitAndScore: fitSeconds + scoreSeconds },
  cpuSeconds: { fitAndScore: (cpu.user + cpu.system) / 1e6 },
  // VmHWM: this process's own peak since exec. (getrusage's maxRSS is no good here: Linux carries the
  // parent's RSS at fork over into the child's maximum.)
  peakRssMb: Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? Number.NaN) / 1024,
};
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
