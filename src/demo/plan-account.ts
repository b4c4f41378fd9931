import { COUNTRIES, COUNTRY_CODES, type CompanyNamer, type CountryCode } from './company-names.js';
import { DemoRandom, STREAM } from './demo-random.js';
import type { BuyingRole, DemoAccount } from './demo-rows.js';
import type { DemoCalendar } from './helsinki-calendar.js';
import { planContacts, type ContactPlan } from './plan-contacts.js';
import { planOrders, type ActivePeriod, type PlannedOrder } from './plan-orders.js';

/** Pre-purchase (AIDA) funnel of an account, as window days: each stage runs until the next starts. */
export interface Funnel {
  awareness: number;
  interest: number;
  decision: number;
  /** The funnel's last day (exclusive): the first purchase, or when a prospect went quiet. */
  end: number;
  /** The last stage reached: 1 awareness, 2 interest, 3 decision. */
  reached: 1 | 2 | 3;
}

export interface AccountPlan {
  account: DemoAccount;
  contacts: ContactPlan[];
  funnel: Funnel;
  periods: ActivePeriod[];
  orders: PlannedOrder[];
  /** How healthy the relationship is, around 1: drives usage, churn, up-sell and NPS. */
  health: number;
  /** Where the account is at the reference date. */
  status: 'prospect' | 'customer' | 'former';
}

export interface Counters {
  contact: number;
  order: number;
}

/** Key account managers, by the segment they own (Nordic and Baltic accounts have their own). */
const OWNERS = {
  Enterprise: ['Kaisa Laaksonen', 'Mikko Heinonen'],
  'Mid-market': ['Sanna Aaltonen', 'Jukka Peltonen'],
  SMB: ['Elina Nurmi', 'Tomi Kallio'],
  nordics: ['Johanna Lindroos'],
} as const;

const LEAD_SOURCES = ['organic_search', 'webinar', 'referral', 'linkedin', 'event', 'partner', 'outbound'] as const;
const LEAD_WEIGHTS = [30, 15, 12, 15, 8, 8, 12];

/** A Finnish business id (Y-tunnus) with its check digit, or null for numbers that cannot have one. */
function businessId(n: number): string | null {
  const digits = String(n).padStart(7, '0');
  const weights = [7, 9, 10, 5, 8, 4, 2];
  const r = [...digits].reduce((s, d, i) => s + Number(d) * weights[i]!, 0) % 11;
  if (r === 1) return null;
  return `${digits}-${r === 0 ? 0 : 11 - r}`;
}

/** Company headcounts are heavily skewed: many small firms, a long tail of large ones. */
function employeesOf(rnd: DemoRandom): number {
  const raw = Math.exp(Math.log(22) + 1.35 * rnd.normal());
  const n = Math.min(25_000, Math.max(1, Math.round(raw)));
  if (n >= 2000) return Math.round(n / 100) * 100;
  if (n >= 200) return Math.round(n / 10) * 10;
  if (n >= 50) return Math.round(n / 5) * 5;
  return n;
}

/** Roles of the fifth and later people of an account. */
const LATER_ROLES: readonly BuyingRole[] = ['user', 'user', 'user', 'user', 'user', 'user', 'influencer', 'influencer', 'champion', 'decision_maker'];

function rolesOf(rnd: DemoRandom, customer: boolean, count: number): BuyingRole[] {
  const start: BuyingRole[] = customer
    ? ['decision_maker', 'champion', 'purchaser', 'influencer']
    : [rnd.pick(['influencer', 'decision_maker', 'user'] as const), 'decision_maker', 'influencer', 'user'];
  const roles: BuyingRole[] = [];
  for (let i = 0; i < count; i++) {
    if (i < start.length && !roles.includes(start[i]!)) roles.push(start[i]!);
    else roles.push(rnd.pick(LATER_ROLES));
  }
  return roles;
}

const SPEND_PER_EMPLOYEE = { SMB: 220, 'Mid-market': 160, Enterprise: 100 } as const;
const COST_TO_SERVE = { SMB: 250, 'Mid-market': 900, Enterprise: 3200 } as const;

/**
 * What the KAMs know of about 40 % of the accounts (asked in meetings): the yearly spend on
 * reporting and analytics tools, which share of wallet compares our revenue with; and for
 * customers the yearly cost to serve (support and account management), which profitability
 * subtracts. Drawn from a stream of its own, so the rest of the story stays as it was.
 */
function walletTraits(key: number, seed: number, employees: number, segment: keyof typeof SPEND_PER_EMPLOYEE, customer: boolean): Record<string, number> {
  const rnd = new DemoRandom(seed, STREAM.wallet, key);
  const out: Record<string, number> = {};
  if (rnd.chance(0.4)) out.category_spend_eur = Math.max(4000, Math.round((employees * SPEND_PER_EMPLOYEE[segment] * (0.6 + rnd.float())) / 100) * 100);
  if (customer) out.cost_to_serve_eur = Math.round((COST_TO_SERVE[segment] * (0.7 + 0.6 * rnd.float())) / 10) * 10;
  return out;
}

/** The whole story of account number `key`: firmographics, people, funnel, purchases. */
export function planAccount(key: number, seed: number, cal: DemoCalendar, namer: CompanyNamer, counters: Counters): AccountPlan {
  const rnd = new DemoRandom(seed, STREAM.account, key);
  const D = cal.days;
  const country = COUNTRY_CODES[rnd.weighted(COUNTRY_CODES.map((c) => COUNTRIES[c].weight))] as CountryCode;
  const employees = employeesOf(rnd);
  const company = namer.next(country, employees, rnd);
  const towns = COUNTRIES[country].cities;
  const city = company.city ?? towns[rnd.weighted(towns.map((t) => t[1]))]![0];
  const segment = employees >= 250 ? 'Enterprise' : employees >= 50 ? 'Mid-market' : 'SMB';
  const health = Math.min(1.8, Math.max(0.35, Math.exp(0.35 * rnd.normal())));
  const customer = rnd.chance(segment === 'SMB' ? 0.5 : segment === 'Mid-market' ? 0.62 : 0.7);

  // The funnel: customers walked it before their first purchase; prospects are somewhere on it.
  let funnel: Funnel;
  let firstPurchase = -1;
  if (customer) {
    firstPurchase = 30 + Math.floor((D - 31) * rnd.float() ** 0.8);
    const length = rnd.int(35, 160);
    const begin = Math.max(0, firstPurchase - length);
    const span = firstPurchase - begin;
    funnel = { awareness: begin, interest: begin + Math.floor(span * 0.45), decision: begin + Math.floor(span * 0.75), end: firstPurchase, reached: 3 };
  } else {
    const reached = (rnd.weighted([45, 32, 23]) + 1) as 1 | 2 | 3;
    const begin = rnd.int(0, D - 1);
    const interest = begin + rnd.int(20, 120);
    const decision = interest + (reached >= 2 ? rnd.int(15, 70) : D);
    const end = reached === 3 ? decision + rnd.int(10, 45) : reached === 2 ? decision : interest;
    funnel = { awareness: begin, interest, decision, end: Math.min(D, end), reached };
  }

  // People: who got involved when. Buyers during the funnel, users at onboarding and later.
  const extra = employees > 500 ? 2 : employees > 100 ? 1 : 0;
  const tierGuess = employees < 20 ? 1.2 : employees < 200 ? 2.5 : 4.5;
  const count = customer ? Math.min(25, 2 + rnd.poisson(tierGuess) + extra) : Math.min(5, 1 + rnd.poisson(0.8));
  const roles = rolesOf(rnd, customer, count);
  const createdDays = roles.map((role, i) => {
    if (i === 0) return funnel.awareness;
    if (!customer) return Math.min(D - 1, funnel.awareness + rnd.int(0, Math.max(0, funnel.end - funnel.awareness)));
    if (role === 'user' || i >= 4) {
      const day = rnd.chance(0.75) ? firstPurchase + rnd.int(3, 60) : firstPurchase + rnd.int(30, 720);
      return Math.min(D - 1, day);
    }
    return Math.min(D - 1, funnel.awareness + rnd.int(0, firstPurchase - funnel.awareness));
  });
  const contacts = planContacts({ rnd, cal, accountKey: key, country, city, domain: company.domain, roles, createdDays, nextContactKey: () => counters.contact++ });
  const buyer = contacts.find((c) => c.row.buyingRole === 'purchaser') ?? contacts[0]!;

  const { periods, orders } = customer
    ? planOrders({ rnd, cal, accountKey: key, buyerKey: buyer.row.key, employees, health, firstDay: firstPurchase, nextOrderKey: () => counters.order++ })
    : { periods: [], orders: [] };
  const status = !customer ? 'prospect' : periods.at(-1)!.end >= D ? 'customer' : 'former';

  const owners = country !== 'FI' ? OWNERS.nordics : OWNERS[segment];
  const owner = !customer && segment === 'SMB' && rnd.chance(0.4) ? null : rnd.pick(owners);
  const createdAt = contacts[0]!.row.createdAt - rnd.int(60, 3600) * 1000;
  const lastOrder = orders.at(-1);
  // A bijection of the account number onto 7-digit numbers: unique, yet random-looking.
  const bid = country === 'FI' ? businessId(((key * 4_567_891 + seed) % 9_000_000) + 1_000_000) : null;
  const account: DemoAccount = {
    key,
    externalId: `ACC-${String(key + 1).padStart(6, '0')}`,
    name: company.name,
    domain: company.domain,
    industry: company.industry,
    employees,
    country,
    owner,
    traits: {
      segment,
      city,
      lead_source: LEAD_SOURCES[rnd.weighted(LEAD_WEIGHTS)],
      ...(bid ? { business_id: bid } : {}),
      ...walletTraits(key, seed, employees, segment, customer),
    },
    createdAt,
    updatedAt: Math.max(createdAt, lastOrder?.order.orderedAt ?? 0),
  };
  return { account, contacts, funnel, periods, orders, health, status };
}
