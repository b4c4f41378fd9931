import type { Command } from 'commander';
import { getShareOfWallet, type ShareOfWallet } from '../../analytics/wallet/get-share-of-wallet.js';
import { AppError } from '../../errors/app-error.js';
import { resolveWorkspace } from '../../workspaces/resolve-workspace.js';
import { configFrom, withDatabase, type GlobalOptions } from '../context.js';
import { report } from '../output.js';

type Opts = GlobalOptions & { workspace?: string; asOf?: string; months?: string; by?: string; spendTrait?: string; costTrait?: string; top?: string };

const eur = (v: number | null) => (v === null ? '-' : `${Math.round(v).toLocaleString('en')} EUR`);
const pct = (v: number | null) => (v === null ? '-' : `${(100 * v).toFixed(1)} %`);

function show(r: ShareOfWallet): string {
  const line = (label: string, f: ShareOfWallet['total']) =>
    `  ${label.slice(0, 20).padEnd(20)} ${String(f.accounts).padStart(7)} ${eur(f.revenue).padStart(16)} ${eur(f.category_spend).padStart(16)} ${pct(f.share_of_wallet).padStart(8)} ${eur(f.profit).padStart(14)} ${pct(f.margin).padStart(8)}`;
  return [
    `Share of wallet over the ${r.months} months to ${r.as_of.toISOString().slice(0, 10)} (spend known for ${r.total.spend_known}, estimated for ${r.total.spend_estimated} accounts; profit where the cost to serve is known: ${r.total.cost_known})`,
    `  ${'group'.padEnd(20)} ${'accounts'.padStart(7)} ${'revenue'.padStart(16)} ${'category spend'.padStart(16)} ${'share'.padStart(8)} ${'profit'.padStart(14)} ${'margin'.padStart(8)}`,
    line('total', r.total),
    ...r.groups.map((g) => line(g.group, g)),
    'Most headroom:',
    ...r.top_headroom.map((a) => `  ${a.name}: ${eur(a.headroom)} left of ${eur(a.category_spend)} (${a.spend_source})`),
  ].join('\n');
}

/** `kanta analytics wallet`, under `kanta analytics`. */
export function registerWallet(analytics: Command): void {
  analytics
    .command('wallet')
    .description('share of wallet and profitability, in total and by an account attribute')
    .option('-w, --workspace <slug>', 'workspace (default: the only one)')
    .option('--as-of <time>', 'default now')
    .option('--months <n>', 'revenue window (default 12)')
    .option('--by <attribute>', 'kind, country, industry, owner, trait:<name>, stage or segment:<key>')
    .option('--spend-trait <name>', 'trait with the yearly category spend (default category_spend_eur)')
    .option('--cost-trait <name>', 'trait with the yearly cost to serve (default cost_to_serve_eur)')
    .option('--top <n>', 'accounts with the most headroom to list (default 10)')
    .action(async (_o, cmd: Command) => {
      const g = cmd.optsWithGlobals<Opts>();
      const whole = (flag: string, raw: string | undefined) => {
        if (raw === undefined) return null;
        if (!/^\d+$/.test(raw)) throw new AppError('bad_request', `${flag} must be a whole number, got "${raw}"`);
        return Number(raw);
      };
      const asOf = g.asOf === undefined ? null : new Date(g.asOf);
      if (asOf && Number.isNaN(asOf.getTime())) throw new AppError('bad_request', `--as-of must be an ISO 8601 date or time, got "${g.asOf}"`);
      const input = { asOf, months: whole('--months', g.months), by: g.by ?? null, spendTrait: g.spendTrait ?? null, costTrait: g.costTrait ?? null, top: whole('--top', g.top) };
      const result = await withDatabase(configFrom(g), async (db) => getShareOfWallet(db, (await resolveWorkspace(db, g.workspace)).id, input));
      report(!!g.json, result, () => show(result));
    });
}
