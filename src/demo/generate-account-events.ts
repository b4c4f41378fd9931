import { DemoRandom, STREAM } from './demo-random.js';
import { NPS_COMMENTS, TICKET_CATEGORIES, USAGE_EVENTS, USAGE_WEIGHTS, pageProperties, usageProperties, type PageCategory } from './demo-content.js';
import type { BuyingRole, DemoEvent } from './demo-rows.js';
import type { DemoSchedule } from './demo-schedule.js';
import type { DemoCalendar, HourProfile } from './helsinki-calendar.js';
import type { AccountPlan } from './plan-account.js';
import type { ContactPlan } from './plan-contacts.js';
import type { PlanTier } from './demo-catalog.js';

export interface EventContext {
  seed: number;
  cal: DemoCalendar;
  schedule: DemoSchedule;
  /** Events per account relative to the default 250: every rate scales with it. */
  intensity: number;
}

/** Product use per working day by buying role, before engagement, health and plan. */
const USAGE_RATE: Record<BuyingRole, number> = { champion: 0.9, user: 0.5, influencer: 0.12, decision_maker: 0.05, purchaser: 0.02 };
const TIER_USAGE: Record<PlanTier, number> = { 1: 0.8, 2: 1, 3: 1.2 };
/** Web visits per day of an account in each funnel stage (awareness, interest, decision). */
const FUNNEL_RATE = [0.09, 0.26, 0.5];
const FUNNEL_MIX: readonly (readonly [PageCategory | 'guide', number])[][] = [
  [['blog', 55], ['home', 20], ['features', 10], ['guide', 8], ['case_studies', 7]],
  [['features', 25], ['docs', 15], ['case_studies', 15], ['blog', 20], ['pricing', 10], ['guide', 15]],
  [['pricing', 40], ['case_studies', 15], ['docs', 20], ['features', 15], ['home', 10]],
];
const GUIDES = ['Asiakaspysyvyyden opas (PDF)', 'Raportoinnin tarkistuslista (PDF)', 'CFO:n dashboard-opas (PDF)'];

interface Stint {
  start: number;
  end: number;
  churned: boolean;
}

/**
 * The timeline of one account: the AIDA web journey before the first purchase (or a
 * prospect's journey so far), product use while a customer (ramping up at onboarding,
 * fading before churn), newsletters, webinars, docs, support tickets, NPS answers,
 * pricing-page visits before up-sells and win-backs, and the orders and refunds themselves.
 * Sorted by time.
 */
export function generateAccountEvents(plan: AccountPlan, ctx: EventContext): DemoEvent[] {
  const F = ctx.intensity;
  if (!(F > 0)) return [];
  const { cal, schedule } = ctx;
  const rnd = new DemoRandom(ctx.seed, STREAM.events, plan.account.key);
  const D = cal.days;
  const out: DemoEvent[] = [];
  const accountKey = plan.account.key;
  const cap = (p: number) => Math.min(0.95, p);

  const push = (c: ContactPlan, type: DemoEvent['type'], name: string, properties: Record<string, unknown>, occurredAt: number, messageId?: string) => {
    if (occurredAt < cal.startMs || occurredAt >= cal.endMs) return;
    out.push({
      messageId: messageId ?? rnd.uuid(),
      type,
      name,
      contactKey: c.row.key,
      accountKey,
      userId: c.row.externalId,
      anonymousId: type === 'page' ? c.row.anonymousId : null,
      properties,
      occurredAt,
      receivedAt: occurredAt + rnd.int(30, 2500),
    });
  };
  const emit = (c: ContactPlan, type: DemoEvent['type'], name: string, properties: Record<string, unknown>, day: number, profile: HourProfile) => {
    if (day < 0 || day >= D || day < c.createdDay) return;
    let at = cal.utcMs(day, cal.timeOfDay(rnd, profile), c.tzShift);
    if (at < c.row.createdAt) at = c.row.createdAt + rnd.int(1, 900) * 1000;
    push(c, type, name, properties, at);
  };
  const page = (c: ContactPlan, category: PageCategory, day: number, external: boolean) =>
    emit(c, 'page', 'Page Viewed', pageProperties(rnd, category, external), day, 'web');
  /** Thinned Poisson process: about rate × Σ weight(day) × mod(day) events over [from, to). */
  const sample = (from: number, to: number, rate: number, weights: Float32Array, mod: (day: number) => number, fn: (day: number) => void) => {
    from = Math.max(0, from);
    to = Math.min(D, to);
    if (to <= from || !(rate > 0)) return;
    const n = rnd.poisson(rate * (to - from));
    for (let i = 0; i < n; i++) {
      const day = from + Math.floor(rnd.float() * (to - from));
      const u = rnd.float();
      // mod never exceeds 1: only days the calendar already accepts need it.
      if (u < weights[day]! && u < weights[day]! * mod(day)) fn(day);
    }
  };
  /** Calls fn for each item picked with probability p(item) ≤ pMax: geometric skips, so rare picks cost O(picks), not O(items). */
  const each = <T,>(items: readonly T[], pMax: number, p: (item: T) => number, fn: (item: T) => void) => {
    if (!(pMax > 0)) return;
    const logMiss = Math.log(1 - pMax);
    const skip = () => Math.floor(Math.log(1 - rnd.float()) / logMiss);
    for (let i = skip(); i < items.length; i += 1 + skip()) {
      const pi = p(items[i]!);
      if (pi > 0 && (pi >= pMax || rnd.float() * pMax < pi)) fn(items[i]!);
    }
  };
  const one = () => 1;
  const knownOn = (day: number) => plan.contacts.filter((c) => c.createdDay <= day);
  const someone = (day: number) => {
    const known = knownOn(day);
    return known.length > 0 ? rnd.pick(known) : plan.contacts[0]!;
  };
  const byRole = (roles: BuyingRole[]) => plan.contacts.find((c) => roles.includes(c.row.buyingRole)) ?? plan.contacts[0]!;

  // The AIDA journey: awareness, interest, decision; the first purchase is the action.
  const f = plan.funnel;
  const stages = [
    [f.awareness, Math.min(f.interest, f.end)],
    [f.interest, Math.min(f.decision, f.end)],
    [f.decision, f.end],
  ] as const;
  stages.forEach(([from, to], s) => {
    if (s >= f.reached) return;
    sample(from, to, FUNNEL_RATE[s]! * F, cal.web, one, (day) => {
      const c = someone(day);
      const kind = FUNNEL_MIX[s]![rnd.weighted(FUNNEL_MIX[s]!.map((m) => m[1]))]![0];
      if (kind === 'guide') emit(c, 'track', 'Guide Downloaded', { guide: rnd.pick(GUIDES) }, day, 'web');
      else page(c, kind, day, s === 0);
    });
    if (s === 1) {
      const p = cap(0.35 * F);
      each(schedule.webinars, p, (w) => (w.day >= from && w.day < f.end ? p : 0), (w) =>
        emit(someone(w.day), 'track', 'Webinar Registered', { webinar: w.title, webinar_id: w.id }, w.day - rnd.int(1, 14), 'web'),
      );
    }
  });
  if (f.reached === 3 && rnd.chance(plan.status === 'prospect' ? cap(0.6 * F) : cap(2 * F))) {
    const day = f.decision + Math.floor(rnd.float() * Math.max(1, f.end - f.decision));
    emit(byRole(['decision_maker', 'champion']), 'track', 'Demo Requested', { form: 'demo', page: '/pyyda-demo' }, Math.min(day, f.end - 1), 'work');
  }
  if (plan.status === 'prospect') sample(f.end, D, 0.012 * F, cal.web, one, (day) => page(someone(day), 'blog', day, true));

  // Customer stints: contiguous paid periods (an up-sell does not break one).
  const stints: Stint[] = [];
  for (const p of plan.periods) {
    const last = stints.at(-1);
    if (last && last.end === p.start) {
      last.end = p.end;
      last.churned = p.churned;
    } else stints.push({ start: p.start, end: p.end, churned: p.churned });
  }
  const tierOn = (day: number) => (plan.periods.find((p) => day >= p.start && day < p.end) ?? plan.periods.at(-1))?.tier ?? 1;
  const activeOn = (day: number) => stints.some((s) => day >= s.start && day < s.end);

  for (const stint of stints) {
    const ramp = (day: number) => (day - stint.start < 45 ? 0.3 + (0.7 * (day - stint.start)) / 45 : 1);
    const fade = (day: number) => {
      const left = stint.end - day;
      return stint.churned && left < 150 ? 0.12 + (0.88 * left) / 150 : 1;
    };
    const trouble = (day: number) => {
      const left = stint.end - day;
      return stint.churned && left < 150 ? 1 - left / 150 : 0;
    };
    for (const c of plan.contacts) {
      const from = Math.max(stint.start, c.createdDay);
      const role = c.row.buyingRole;
      const rate = USAGE_RATE[role] * c.engagement * plan.health * 1.2 * F;
      sample(from, stint.end, rate, cal.usage, (day) => (TIER_USAGE[tierOn(day)] / 1.2) * ramp(day) * fade(day), (day) => {
        const name = USAGE_EVENTS[rnd.weighted(USAGE_WEIGHTS)]!;
        emit(c, 'track', name, usageProperties(rnd, name), day, 'work');
      });
      if (role === 'user' || role === 'champion' || role === 'influencer') {
        sample(from, stint.end, 0.045 * c.engagement * F, cal.web, one, (day) => page(c, 'docs', day, false));
        sample(from, stint.end, 0.018 * F, cal.usage, (day) => (1 + 2 * trouble(day)) / 3, (day) =>
          emit(c, 'track', 'Support Ticket Created', {
            category: rnd.pick(TICKET_CATEGORIES),
            priority: rnd.chance(0.15 + 0.3 * trouble(day)) ? 'high' : rnd.pick(['low', 'normal', 'normal']),
            channel: rnd.pick(['chat', 'email', 'email', 'phone']),
          }, day, 'work'),
        );
      }
      const pWebinar = cap(0.04 * c.engagement * F);
      each(schedule.webinars, pWebinar, (w) => (w.day >= from && w.day < stint.end ? pWebinar : 0), (w) =>
        emit(c, 'track', 'Webinar Registered', { webinar: w.title, webinar_id: w.id }, w.day - rnd.int(1, 14), 'web'),
      );
      for (const wave of schedule.npsWaves) {
        if (wave.day < Math.max(from, stint.start + 30) || wave.day >= stint.end || !rnd.chance(cap(0.3 * F))) continue;
        const churnSoon = stint.churned && stint.end - wave.day < 200;
        const score = Math.round(Math.min(10, Math.max(0, 8 + 2.2 * (plan.health - 1) - (churnSoon ? 3.5 : 0) + 1.4 * rnd.normal())));
        const band = score <= 6 ? 'detractor' : score <= 8 ? 'passive' : 'promoter';
        emit(c, 'track', 'NPS Answered', {
          score,
          survey: wave.title,
          survey_id: wave.id,
          ...(rnd.chance(0.3) ? { comment: rnd.pick(NPS_COMMENTS[band]) } : {}),
        }, wave.day + rnd.int(0, 10), 'work');
      }
    }
  }

  // The newsletter, to subscribers; former customers and prospects open it less.
  for (const c of plan.contacts) {
    if (!c.subscribed) continue;
    const p = cap(0.3 * c.engagement * F);
    const factor = (day: number) => (plan.status === 'prospect' ? 0.7 : activeOn(day) ? 1 : 0.4);
    each(schedule.newsletters, p, (issue) => (issue.day < c.createdDay ? 0 : p * factor(issue.day)), (issue) => {
      const delay = rnd.chance(0.6) ? 0 : rnd.chance(0.6) ? 1 : rnd.int(2, 6);
      emit(c, 'track', 'Newsletter Opened', { campaign_id: issue.id, subject: issue.title }, issue.day + delay, 'morning');
    });
  }

  // Purchases: intent signals before them, then the order and any refund, as Segment's e-commerce events.
  const contactOf = new Map(plan.contacts.map((c) => [c.row.key, c]));
  for (const o of plan.orders) {
    const buyer = contactOf.get(o.order.contactKey)!;
    if (o.type === 'upsell' || o.type === 'cross_sell' || o.type === 'win_back') {
      const who = byRole(['champion', 'decision_maker']);
      const views = Math.min(8, rnd.poisson((o.type === 'win_back' ? 3 : 2.2) * F));
      for (let i = 0; i < views; i++) page(who, 'pricing', o.day - rnd.int(3, 30), false);
      if (o.type === 'win_back' && rnd.chance(cap(F))) emit(who, 'track', 'Demo Requested', { form: 'demo', page: '/pyyda-demo' }, o.day - rnd.int(7, 40), 'work');
    }
    const products = o.lines.map((l) => ({ product_id: l.sku, sku: l.sku, name: l.name, category: l.category, price: l.unitPriceCents / 100, quantity: l.quantity }));
    const total = o.order.totalCents / 100;
    push(buyer, 'track', 'Order Completed', { order_id: o.order.externalId, type: o.type, total, revenue: total, currency: 'EUR', products }, o.order.orderedAt);
    if (o.refund) {
      push(buyer, 'track', 'Order Refunded', { order_id: o.order.externalId, total: o.refund.amountCents / 100, currency: 'EUR', reason: o.refund.reason }, o.refund.refundedAt, o.refund.messageId);
    }
  }

  // People added after the purchase were invited into the product by the champion.
  if (plan.orders.length > 0) {
    const inviter = byRole(['champion', 'decision_maker']);
    for (const c of plan.contacts) {
      if (c === inviter || c.createdDay <= plan.funnel.end || !activeOn(c.createdDay)) continue;
      push(inviter, 'track', 'User Invited', { invitee_email: c.row.email, role: c.row.buyingRole === 'user' ? 'member' : 'admin' }, c.row.createdAt - rnd.int(60, 3600) * 1000);
    }
  }
  // Customers who leave say why when they cancel (the decision maker, in the last month).
  for (const stint of stints) {
    if (!stint.churned) continue;
    const reason = LEAVING_REASONS[rnd.weighted(LEAVING_REASONS.map(([, w]) => (plan.health < 0.7 ? w[0] : w[1])))]![0];
    emit(byRole(['decision_maker', 'champion']), 'track', 'Subscription Cancelled', { reason, plan_tier: tierOn(stint.end - 1) }, stint.end - rnd.int(1, 30), 'work');
  }
  out.sort((a, b) => a.occurredAt - b.occurredAt);
  return out;
}

/** Why customers leave, weighted for unhealthy and healthy accounts. */
const LEAVING_REASONS: [string, [number, number]][] = [
  ['not_used', [5, 1]],
  ['price', [2, 3]],
  ['budget_cut', [1, 3]],
  ['switched_competitor', [2, 2]],
  ['missing_features', [2, 1]],
  ['company_closed', [0.5, 1]],
];
