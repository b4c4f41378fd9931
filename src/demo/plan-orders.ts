import { ADD_ONS, PLANS, SERVICES, priceInYear, type CatalogItem, type PlanTier } from './demo-catalog.js';
import type { DemoRandom } from './demo-random.js';
import type { DemoOrder, DemoOrderLine, DemoRefund } from './demo-rows.js';
import { DAY_MS, type DemoCalendar } from './helsinki-calendar.js';

/** A stretch of days (window indexes, end exclusive) when the account was a paying customer. */
export interface ActivePeriod {
  start: number;
  end: number;
  tier: PlanTier;
  /** The period ended because the customer did not renew. */
  churned: boolean;
}

export type OrderType = 'new' | 'renewal' | 'upsell' | 'cross_sell' | 'win_back';

export interface PlannedOrder {
  order: DemoOrder;
  lines: DemoOrderLine[];
  refund: DemoRefund | null;
  type: OrderType;
  day: number;
}

export interface OrderPlan {
  periods: ActivePeriod[];
  orders: PlannedOrder[];
}

export interface OrderPlanInput {
  rnd: DemoRandom;
  cal: DemoCalendar;
  accountKey: number;
  /** The contact who signs orders (purchaser or decision maker). */
  buyerKey: number;
  employees: number;
  health: number;
  firstDay: number;
  nextOrderKey: () => number;
}

const CHURN_BASE: Record<PlanTier, number> = { 1: 0.21, 2: 0.12, 3: 0.07 };

function startTier(rnd: DemoRandom, employees: number): PlanTier {
  const w = employees < 20 ? [70, 28, 2] : employees < 200 ? [30, 55, 15] : [5, 40, 55];
  return (rnd.weighted(w) + 1) as PlanTier;
}

/**
 * The commercial history of one customer: a first purchase, annual renewals on the
 * anniversary, up-sells to a higher plan, add-on cross-sells, churn at a renewal (less likely
 * for healthy accounts and higher plans), some win-backs, and a few refunds.
 */
export function planOrders(input: OrderPlanInput): OrderPlan {
  const { rnd, cal, health } = input;
  const refYear = new Date(cal.endMs).getUTCFullYear();
  const periods: ActivePeriod[] = [];
  const orders: PlannedOrder[] = [];
  const addOns = new Set<CatalogItem>();
  const churnFactor = health < 0.75 ? 2.2 : health < 1 ? 1.1 : 0.55;

  const yearOf = (day: number) => new Date((cal.startDay + day) * DAY_MS).getUTCFullYear();
  const at = (day: number, automated: boolean) => cal.utcMs(day, automated ? 6 * 3600 + rnd.int(0, 1800) : cal.timeOfDay(rnd, 'work'));
  const isoDay = (day: number) => new Date((cal.startDay + day) * DAY_MS).toISOString().slice(0, 10);

  const order = (day: number, type: OrderType, lines: [CatalogItem, number, number][], periodEnd: number, automated: boolean, extra: Record<string, unknown> = {}) => {
    const key = input.nextOrderKey();
    const orderLines: DemoOrderLine[] = lines.map(([item, quantity, unitCents], i) => ({
      orderKey: key,
      lineNo: i + 1,
      sku: item.sku,
      name: item.name,
      category: item.category,
      quantity,
      unitPriceCents: unitCents,
      amountCents: quantity * unitCents,
    }));
    const total = orderLines.reduce((s, l) => s + l.amountCents, 0);
    const planLine = lines.find(([item]) => item.category === 'plan');
    const planned: PlannedOrder = {
      type,
      day,
      refund: null,
      lines: orderLines,
      order: {
        key,
        accountKey: input.accountKey,
        contactKey: input.buyerKey,
        externalId: `SO-${String(key + 1).padStart(7, '0')}`,
        status: 'completed',
        totalCents: total,
        refundedCents: 0,
        quantity: lines.reduce((s, [, q]) => s + q, 0),
        orderedAt: at(day, automated),
        properties: {
          type,
          ...(planLine ? { plan: planLine[0].sku } : {}),
          period_start: isoDay(day),
          period_end: isoDay(periodEnd),
          ...extra,
        },
      },
    };
    orders.push(planned);
    return planned;
  };

  const refund = (planned: PlannedOrder, amountCents: number, reason: string, full: boolean) => {
    const day = planned.day + rnd.int(10, 45);
    if (day >= cal.days || amountCents <= 0) return false;
    planned.order.status = full ? 'refunded' : 'partially_refunded';
    planned.order.refundedCents = amountCents;
    planned.refund = { orderKey: planned.order.key, amountCents, reason, refundedAt: cal.utcMs(day, cal.timeOfDay(rnd, 'work')), messageId: rnd.uuid() };
    return true;
  };

  const annualLines = (tier: PlanTier, day: number): [CatalogItem, number, number][] => {
    const year = yearOf(day);
    const discount = tier === 3 ? 0.9 : 1;
    const lines: [CatalogItem, number, number][] = [[PLANS[tier], 1, Math.round(priceInYear(PLANS[tier], year, refYear) * discount)]];
    for (const a of ADD_ONS) if (addOns.has(a)) lines.push([a, a.sku === 'LUMO-USERS-10' ? userPacks : 1, priceInYear(a, year, refYear)]);
    return lines;
  };

  let userPacks = 0;
  let tier = startTier(rnd, input.employees);
  let start = input.firstDay;
  let type: OrderType = 'new';
  while (start < cal.days) {
    // The first purchase of a period (new or win-back): plan, add-ons, onboarding.
    if (tier >= 2 && input.employees > (PLANS[tier].users ?? 0) * 2 && rnd.chance(0.35)) {
      userPacks = Math.min(20, Math.max(1, Math.round(input.employees / 200)));
      addOns.add(ADD_ONS[0]!);
    }
    if (rnd.chance(tier === 3 ? 0.5 : 0.12)) addOns.add(rnd.pick(ADD_ONS.slice(1)));
    const firstLines = annualLines(tier, start);
    const onboarding = type === 'new' && rnd.chance(tier === 1 ? 0.45 : 0.8);
    if (onboarding) firstLines.push([SERVICES.onboarding, 1, priceInYear(SERVICES.onboarding, yearOf(start), refYear)]);
    if (type === 'new' && tier === 3 && rnd.chance(0.6)) firstLines.push([SERVICES.training, rnd.int(1, 3), priceInYear(SERVICES.training, yearOf(start), refYear)]);
    const first = order(start, type, firstLines, start + 365, false);
    if (onboarding && rnd.chance(0.04)) {
      refund(first, first.lines.at(-1)!.amountCents, 'Käyttöönottopaketti peruttu', false);
    }

    let anchor = start;
    let churnedAt = -1;
    for (;;) {
      const anniversary = anchor + 365;
      // Mid-term: an add-on cross-sell, or an up-sell to a higher plan, prorated to the anniversary.
      if (rnd.chance(0.22 * health)) {
        const day = anchor + rnd.int(45, 330);
        const candidates = ADD_ONS.filter((a) => !addOns.has(a));
        if (day < cal.days && candidates.length > 0) {
          const item = rnd.pick(candidates);
          const days = anniversary - day;
          const qty = item.sku === 'LUMO-USERS-10' ? Math.max(1, Math.round(input.employees / 250)) : 1;
          const cross = order(day, 'cross_sell', [[item, qty, Math.round((priceInYear(item, yearOf(day), refYear) * days) / 365)]], anniversary, false, { prorated_days: days });
          if (rnd.chance(0.07) && refund(cross, cross.order.totalCents, 'Lisäosa ei vastannut tarvetta', true)) {
            // Returned within the month: not renewed.
          } else {
            addOns.add(item);
            if (item.sku === 'LUMO-USERS-10') userPacks = qty;
          }
        }
      } else if (tier < 3 && rnd.chance(0.07 * health)) {
        const day = anchor + rnd.int(60, 300);
        if (day < cal.days) {
          const next = (tier + 1) as PlanTier;
          const days = anniversary - day;
          const diff = priceInYear(PLANS[next], yearOf(day), refYear) - priceInYear(PLANS[tier], yearOf(day), refYear);
          order(day, 'upsell', [[PLANS[next], 1, Math.round((diff * days) / 365)]], anniversary, false, { prorated_days: days, from_plan: PLANS[tier].sku });
          periods.push({ start, end: day, tier, churned: false });
          start = day;
          tier = next;
        }
      }
      if (anniversary >= cal.days) break;
      if (rnd.chance(Math.min(0.9, CHURN_BASE[tier] * churnFactor))) {
        churnedAt = anniversary;
        break;
      }
      // Renewal on the anniversary, sometimes on a higher plan.
      const upgrade = tier < 3 && rnd.chance(0.13 * health);
      if (upgrade) {
        periods.push({ start, end: anniversary, tier, churned: false });
        start = anniversary;
        tier = (tier + 1) as PlanTier;
      }
      const renewal = order(anniversary, upgrade ? 'upsell' : 'renewal', annualLines(tier, anniversary), anniversary + 365, !upgrade);
      if (rnd.chance(0.015)) refund(renewal, Math.round(renewal.order.totalCents * 0.1), 'SLA-hyvitys käyttökatkosta', false);
      anchor = anniversary;
    }

    if (churnedAt < 0) {
      periods.push({ start, end: cal.days, tier, churned: false });
      break;
    }
    periods.push({ start, end: churnedAt, tier, churned: true });
    // Some former customers come back after a while, usually on the same or a lower plan.
    const back = churnedAt + rnd.int(120, 500);
    if (back >= cal.days - 1 || !rnd.chance(0.3)) break;
    start = back;
    type = 'win_back';
    tier = Math.max(1, tier - rnd.int(0, 1)) as PlanTier;
    addOns.clear();
    userPacks = 0;
  }
  return { periods, orders };
}
