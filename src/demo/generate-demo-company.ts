import { AppError, type FieldIssue } from '../errors/app-error.js';
import { CompanyNamer } from './company-names.js';
import { CATALOG, VENDOR } from './demo-catalog.js';
import type { DemoAccount, DemoBatch, DemoContact, DemoEvent, DemoOrder, DemoOrderLine, DemoProduct, DemoRefund } from './demo-rows.js';
import { buildSchedule } from './demo-schedule.js';
import { generateAccountEvents } from './generate-account-events.js';
import { DemoCalendar } from './helsinki-calendar.js';
import { planAccount, type AccountPlan, type Counters } from './plan-account.js';

/** The reference date when none is given: a fixed day, so the default output never changes. */
export const DEFAULT_REFERENCE_DATE = '2026-10-01';
export const BASE_ACCOUNTS = 2000;
export const DEFAULT_EVENTS_PER_ACCOUNT = 250;

export interface DemoOptions {
  /** Same seed (and options), byte-identical data. Default 1. */
  seed?: number;
  /** Accounts multiplier: 1 is about 2,000 accounts, 500 about a million. Default 1. */
  scale?: number;
  /** Average events per account (default 250: about half a million at scale 1). 0 makes no events. */
  eventsPerAccount?: number;
  /** YYYY-MM-DD: the three years of history end the day before. Default DEFAULT_REFERENCE_DATE. */
  referenceDate?: string;
  /** Most rows in one batch (default 10,000). */
  batchRows?: number;
}

export interface ResolvedDemoOptions {
  seed: number;
  scale: number;
  accounts: number;
  eventsPerAccount: number;
  referenceDate: string;
  batchRows: number;
}

/** Checks and completes options; bad values fail with an issue per field. */
export function resolveDemoOptions(opts: DemoOptions = {}): ResolvedDemoOptions {
  const issues: FieldIssue[] = [];
  const seed = opts.seed ?? 1;
  const scale = opts.scale ?? 1;
  const eventsPerAccount = opts.eventsPerAccount ?? DEFAULT_EVENTS_PER_ACCOUNT;
  const referenceDate = opts.referenceDate ?? DEFAULT_REFERENCE_DATE;
  const batchRows = opts.batchRows ?? 10_000;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) issues.push({ path: '/seed', message: 'must be a whole number from 0 to 4294967295' });
  if (!(Number.isFinite(scale) && scale > 0 && scale <= 1000)) issues.push({ path: '/scale', message: 'must be a number above 0 and at most 1000' });
  else if (Math.round(BASE_ACCOUNTS * scale) < 1) issues.push({ path: '/scale', message: `must give at least one account (scale × ${BASE_ACCOUNTS} ≥ 0.5)` });
  if (!(Number.isFinite(eventsPerAccount) && eventsPerAccount >= 0 && eventsPerAccount <= 10_000)) {
    issues.push({ path: '/eventsPerAccount', message: 'must be a number from 0 to 10000' });
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(referenceDate);
  const valid = m && new Date(`${referenceDate}T00:00:00Z`).toISOString().startsWith(referenceDate) && Number(m[1]) >= 1990 && Number(m[1]) <= 9000;
  if (!valid) issues.push({ path: '/referenceDate', message: 'must be a date as YYYY-MM-DD (years 1990-9000)' });
  if (!(Number.isInteger(batchRows) && batchRows >= 1)) issues.push({ path: '/batchRows', message: 'must be a positive whole number' });
  if (issues.length > 0) throw new AppError('validation_failed', 'Invalid demo company options', issues);
  return { seed, scale, accounts: Math.round(BASE_ACCOUNTS * scale), eventsPerAccount, referenceDate, batchRows };
}

/**
 * Rows per account on average, as measured at scale 1 (seed 1): used only to size progress
 * bars before the rows exist.
 */
const ROWS_PER_ACCOUNT = { contacts: 3.1, contact_identities: 3.1, orders: 1.08, order_lines: 1.76, refunds: 0.025 };

/** About how many rows the demo company has in all (for progress totals). */
export function estimateDemoRows(opts: DemoOptions = {}): number {
  const o = resolveDemoOptions(opts);
  const perAccount = 1 + Object.values(ROWS_PER_ACCOUNT).reduce((s, n) => s + n, 0) + o.eventsPerAccount;
  return CATALOG.length + Math.round(o.accounts * perAccount);
}

/** One chunk of the demo company: rows that refer only to each other (and to products). */
export interface DemoChunk {
  chunk: number;
  /** The catalogue: only in chunk 0, which has nothing else. */
  products: DemoProduct[];
  accounts: DemoAccount[];
  contacts: DemoContact[];
  orders: DemoOrder[];
  orderLines: DemoOrderLine[];
  refunds: DemoRefund[];
  /** The chunk's events, generated lazily in batches of at most batchRows. */
  eventBatches: () => Generator<DemoEvent[]>;
}

/**
 * The demo company: Lumo Analytics Oy, a Finnish B2B software company selling a reporting
 * SaaS to about 2,000 × scale accounts, a chunk of accounts at a time. Memory stays bounded at
 * any scale: only one chunk's account plans and one batch of events exist at once.
 * Deterministic: each account's data comes from its own random stream of (seed, account
 * number), so the output depends on the options only, not on batch or chunk sizes.
 */
export function* generateDemoChunks(opts: DemoOptions = {}): Generator<DemoChunk> {
  const o = resolveDemoOptions(opts);
  const cal = new DemoCalendar(o.referenceDate);
  const schedule = buildSchedule(cal);
  const namer = new CompanyNamer(o.seed);
  const counters: Counters = { contact: 0, order: 0 };
  const intensity = o.eventsPerAccount / DEFAULT_EVENTS_PER_ACCOUNT;

  const launched = cal.startMs + 9 * 3600_000;
  const products: DemoProduct[] = CATALOG.map((item) => ({
    sku: item.sku,
    name: item.name,
    category: item.category,
    priceCents: item.priceCents,
    traits: { name_en: item.nameEn, billing: item.billing, vendor: VENDOR.name, ...(item.tier ? { tier: item.tier, users_included: item.users } : {}) },
    createdAt: launched,
  }));
  yield { chunk: 0, products, accounts: [], contacts: [], orders: [], orderLines: [], refunds: [], eventBatches: function* () {} };

  // Enough accounts per chunk that the small tables still load in sizeable batches, few
  // enough that a chunk's plans stay small.
  const chunkAccounts = Math.max(100, Math.min(2000, Math.floor(o.batchRows / 4)));
  for (let first = 0, chunk = 1; first < o.accounts; first += chunkAccounts, chunk++) {
    const plans: AccountPlan[] = [];
    for (let key = first; key < Math.min(o.accounts, first + chunkAccounts); key++) plans.push(planAccount(key, o.seed, cal, namer, counters));
    yield {
      chunk,
      products: [],
      accounts: plans.map((p) => p.account),
      contacts: plans.flatMap((p) => p.contacts.map((c) => c.row)),
      orders: plans.flatMap((p) => p.orders.map((x) => x.order)),
      orderLines: plans.flatMap((p) => p.orders.flatMap((x) => x.lines)),
      refunds: plans.flatMap((p) => p.orders.flatMap((x) => (x.refund ? [x.refund] : []))),
      eventBatches: function* () {
        let events: DemoEvent[] = [];
        for (const plan of plans) {
          for (const e of generateAccountEvents(plan, { seed: o.seed, cal, schedule, intensity })) {
            events.push(e);
            if (events.length >= o.batchRows) {
              yield events;
              events = [];
            }
          }
        }
        if (events.length > 0) yield events;
      },
    };
  }
}

function* split<T>(rows: T[], size: number): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

/** The demo company as batches of rows of one table each, in dependency order (see generateDemoChunks). */
export function* generateDemoCompany(opts: DemoOptions = {}): Generator<DemoBatch> {
  const batchRows = resolveDemoOptions(opts).batchRows;
  for (const c of generateDemoChunks(opts)) {
    const chunk = c.chunk;
    for (const rows of split(c.products, batchRows)) yield { table: 'products', chunk, rows };
    for (const rows of split(c.accounts, batchRows)) yield { table: 'accounts', chunk, rows };
    for (const rows of split(c.contacts, batchRows)) yield { table: 'contacts', chunk, rows };
    for (const rows of split(c.orders, batchRows)) yield { table: 'orders', chunk, rows };
    for (const rows of split(c.orderLines, batchRows)) yield { table: 'order_lines', chunk, rows };
    for (const rows of split(c.refunds, batchRows)) yield { table: 'refunds', chunk, rows };
    for (const rows of c.eventBatches()) yield { table: 'events', chunk, rows };
  }
}
