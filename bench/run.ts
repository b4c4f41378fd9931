import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runInfo, writeResult, type ScenarioResult } from './support/report.js';
import { ingestScenario } from './scenarios/ingest.js';
import { accountListScenario } from './scenarios/account-list.js';
import { importScenario } from './scenarios/import.js';
import { recompute1mScenario, recomputeScenario } from './scenarios/recompute.js';
import { analyticsFitScenario } from './scenarios/analytics-fit.js';
import { careSendScenario } from './scenarios/care-send.js';
import { analyticsQueriesScenario } from './scenarios/analytics-queries.js';

type Scenario = (opts: { quick: boolean; log: (s: string) => void }) => Promise<ScenarioResult>;

const SCENARIOS: Record<string, Scenario> = {
  ingest: ingestScenario,
  'account-list': accountListScenario,
  import: importScenario,
  recompute: recomputeScenario,
  'recompute-1m': recompute1mScenario,
  'analytics-fit': analyticsFitScenario,
  'care-send': careSendScenario,
  'analytics-queries': analyticsQueriesScenario,
};

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const names = args.filter((a) => !a.startsWith('--'));
const unknown = names.filter((n) => !(n in SCENARIOS));
if (unknown.length > 0) {
  console.error(`Unknown scenario(s): ${unknown.join(', ')}. Known: ${Object.keys(SCENARIOS).join(', ')}`);
  process.exit(2);
}
const selected = names.length > 0 ? names : Object.keys(SCENARIOS);

// The scenarios drive the built CLI and server, so build first.
execFileSync('npm', ['run', 'build'], { cwd: fileURLToPath(new URL('..', import.meta.url)), stdio: 'inherit' });

const envPrefix = Object.entries(process.env)
  .filter(([k]) => k.startsWith('BENCH_'))
  .map(([k, v]) => `${k}=${v} `)
  .join('');
const command = `${envPrefix}npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`;
for (const name of selected) {
  const started = Date.now();
  const result = await SCENARIOS[name]!({ quick, log: (s) => console.error(`[${name}] ${s}`) });
  writeResult(runInfo(command), result);
  console.error(`[${name}] done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
console.error('Results: bench/results/README.md');
