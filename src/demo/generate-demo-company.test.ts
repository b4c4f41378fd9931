import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import type { DemoAccount, DemoContact, DemoEvent, DemoOrder, DemoOrderLine, DemoProduct, DemoRefund } from './demo-rows.js';
import { DEFAULT_REFERENCE_DATE, estimateDemoRows, generateDemoCompany, type DemoOptions } from './generate-demo-company.js';

interface Demo {
  products: DemoProduct[];
  accounts: DemoAccount[];
  contacts: DemoContact[];
  orders: DemoOrder[];
  order_lines: DemoOrderLine[];
  refunds: DemoRefund[];
  events: DemoEvent[];
}

function collect(opts: DemoOptions): Demo {
  const demo: Demo = { products: [], accounts: [], contacts: [], orders: [], order_lines: [], refunds: [], events: [] };
  for (const batch of generateDemoCompany(opts)) (demo[batch.table] as unknown[]).push(...batch.rows);
  return demo;
}

function digest(opts: DemoOptions): string {
  const hash = createHash('sha256');
  for (const batch of generateDemoCompany(opts)) hash.update(JSON.stringify(batch));
  return hash.digest('hex');
}

const USAGE = new Set(['Login', 'Dashboard Viewed', 'Report Created', 'Report Shared', 'Export Downloaded', 'Alert Created', 'Data Source Connected']);
const DAY = 86_400_000;
/** Helsinki calendar day of a UTC time (events fall between 04:00 and 24:00 local, so +2.5 h lands on the local date). */
const localDay = (ms: number) => new Date(ms + 2.5 * 3600_000);

describe('demo company generator', () => {
  it('gives byte-identical data for the same seed, different data for another seed', () => {
    const small = { scale: 0.02, eventsPerAccount: 60 };
    const a = digest({ ...small, seed: 7 });
    expect(digest({ ...small, seed: 7 })).toBe(a);
    expect(digest({ ...small, seed: 8 })).not.toBe(a);
    expect(digest({ ...small, seed: 7, referenceDate: '2025-03-15' })).not.toBe(a);
  });

  it('does not depend on the batch size: the same rows in smaller batches', () => {
    const big = collect({ scale: 0.1, eventsPerAccount: 40, seed: 3 });
    const small = collect({ scale: 0.1, eventsPerAccount: 40, seed: 3, batchRows: 97 });
    expect(JSON.stringify(small)).toBe(JSON.stringify(big));
    let largest = 0;
    for (const b of generateDemoCompany({ scale: 0.1, eventsPerAccount: 40, seed: 3, batchRows: 97 })) largest = Math.max(largest, b.rows.length);
    expect(largest).toBeLessThanOrEqual(97);
  });

  it('rejects bad options with the field named', () => {
    const issues = (opts: DemoOptions) => {
      try {
        generateDemoCompany(opts).next();
        return [];
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        return (e as AppError).issues.map((i) => i.path);
      }
    };
    expect(issues({ seed: -1 })).toEqual(['/seed']);
    expect(issues({ seed: 1.5, scale: 0 })).toEqual(['/seed', '/scale']);
    expect(issues({ referenceDate: '2026-02-30' })).toEqual(['/referenceDate']);
    expect(issues({ eventsPerAccount: -3, batchRows: 0 })).toEqual(['/eventsPerAccount', '/batchRows']);
    expect(issues({ scale: 0.0001 })).toEqual(['/scale']);
  });

  describe('at a quarter of the default size', () => {
    let demo: Demo;
    const end = Date.parse(`${DEFAULT_REFERENCE_DATE}T00:00:00Z`);
    const start = Date.parse('2023-10-01T00:00:00Z');
    beforeAll(() => {
      demo = collect({ scale: 0.25 });
    });

    it('has the expected number of rows per account', () => {
      const n = demo.accounts.length;
      expect(n).toBe(500);
      expect(demo.products).toHaveLength(10);
      expect(demo.contacts.length / n).toBeGreaterThan(2.5);
      expect(demo.contacts.length / n).toBeLessThan(3.6);
      expect(demo.orders.length / n).toBeGreaterThan(0.7);
      expect(demo.orders.length / n).toBeLessThan(1.6);
      expect(demo.events.length / n).toBeGreaterThan(200);
      expect(demo.events.length / n).toBeLessThan(300);
      const rows = Object.values(demo).reduce((s, t) => s + t.length, 0) + demo.contacts.length;
      expect(Math.abs(estimateDemoRows({ scale: 0.25 }) - rows) / rows).toBeLessThan(0.15);
    });

    it('looks like a Finnish B2B customer base', () => {
      const fi = demo.accounts.filter((a) => a.country === 'FI');
      expect(fi.length / demo.accounts.length).toBeGreaterThan(0.75);
      expect(new Set(demo.accounts.map((a) => a.country)).size).toBeGreaterThanOrEqual(3);
      expect(fi.every((a) => / (Oy|Oyj)$/.test(a.name) && a.domain.endsWith('.fi'))).toBe(true);
      expect(new Set(demo.accounts.map((a) => a.name)).size).toBe(demo.accounts.length);
      expect(new Set(demo.accounts.map((a) => a.domain)).size).toBe(demo.accounts.length);
      const sizes = demo.accounts.map((a) => a.employees).sort((x, y) => x - y);
      const median = sizes[Math.floor(sizes.length / 2)]!;
      const mean = sizes.reduce((s, x) => s + x, 0) / sizes.length;
      expect(mean).toBeGreaterThan(2 * median); // skewed: many small firms, a few large ones
      expect(sizes.at(-1)).toBeGreaterThan(400);
      expect(new Set(demo.accounts.map((a) => a.owner).filter(Boolean)).size).toBeGreaterThanOrEqual(5);
      expect(demo.contacts.some((c) => /[äöÄÖ]/.test(c.firstName + c.lastName))).toBe(true);
      expect(new Set(demo.contacts.map((c) => c.locale))).toEqual(new Set(['fi', 'sv', 'en']));
      expect(new Set(demo.contacts.map((c) => c.buyingRole))).toEqual(new Set(['decision_maker', 'influencer', 'user', 'champion', 'purchaser']));
      expect(new Set(demo.products.map((p) => p.category))).toEqual(new Set(['plan', 'add-on', 'service']));
    });

    it('keeps references whole: contacts, orders, lines, refunds and events point to existing rows', () => {
      const accounts = new Map(demo.accounts.map((a) => [a.key, a]));
      const contacts = new Map(demo.contacts.map((c) => [c.key, c]));
      const orders = new Map(demo.orders.map((o) => [o.key, o]));
      const skus = new Set(demo.products.map((p) => p.sku));
      for (const c of demo.contacts) {
        const account = accounts.get(c.accountKey);
        expect(account).toBeDefined();
        expect(c.email.endsWith(`@${account!.domain}`)).toBe(true);
        expect(c.email).toMatch(/^[a-z0-9.]+@[a-z0-9.-]+$/);
      }
      expect(new Set(demo.contacts.map((c) => c.email)).size).toBe(demo.contacts.length);
      const lineSums = new Map<number, number>();
      for (const l of demo.order_lines) {
        expect(skus.has(l.sku)).toBe(true);
        expect(l.amountCents).toBe(l.quantity * l.unitPriceCents);
        lineSums.set(l.orderKey, (lineSums.get(l.orderKey) ?? 0) + l.amountCents);
      }
      for (const o of demo.orders) {
        expect(contacts.get(o.contactKey)?.accountKey).toBe(o.accountKey);
        expect(lineSums.get(o.key)).toBe(o.totalCents);
        expect(o.orderedAt).toBeGreaterThanOrEqual(start);
        expect(o.orderedAt).toBeLessThan(end);
      }
      for (const r of demo.refunds) {
        const o = orders.get(r.orderKey)!;
        expect(r.amountCents).toBeLessThanOrEqual(o.totalCents);
        expect(o.refundedCents).toBe(r.amountCents);
        expect(o.status).toBe(r.amountCents === o.totalCents ? 'refunded' : 'partially_refunded');
        expect(r.refundedAt).toBeGreaterThan(o.orderedAt);
      }
      // Half a million expect() calls would be slow: count the events that break a rule.
      const bad = demo.events.filter((e) => contacts.get(e.contactKey)?.accountKey !== e.accountKey || e.occurredAt < start || e.occurredAt >= end);
      expect(bad).toEqual([]);
      expect(new Set(demo.events.map((e) => e.messageId)).size).toBe(demo.events.length);
    });

    it('tells a commercial story: new sales, renewals, up-sells, cross-sells, churn, win-backs, refunds', () => {
      const types = new Map<string, number>();
      for (const o of demo.orders) types.set(String(o.properties.type), (types.get(String(o.properties.type)) ?? 0) + 1);
      for (const t of ['new', 'renewal', 'upsell', 'cross_sell']) expect(types.get(t) ?? 0).toBeGreaterThan(5);
      expect(types.get('new')).toBe(new Set(demo.orders.map((o) => o.accountKey)).size);
      expect(demo.refunds.length).toBeGreaterThan(0);
      const lastEnd = new Map<number, string>();
      for (const o of demo.orders) lastEnd.set(o.accountKey, String(o.properties.period_end));
      const former = [...lastEnd.values()].filter((d) => d < DEFAULT_REFERENCE_DATE).length;
      expect(former / lastEnd.size).toBeGreaterThan(0.08); // some customers churned
      expect(former / lastEnd.size).toBeLessThan(0.5);
      const prospects = demo.accounts.length - lastEnd.size;
      expect(prospects / demo.accounts.length).toBeGreaterThan(0.3);
    });

    it('shows Finnish seasonality: July and weekends are quiet', () => {
      const perDay = (month: number, weekend: boolean) => {
        const days = new Set<string>();
        let n = 0;
        for (const e of demo.events) {
          const d = localDay(e.occurredAt);
          const wd = d.getUTCDay();
          if (d.getUTCMonth() + 1 === month && (wd === 0 || wd === 6) === weekend && d.getUTCFullYear() >= 2024) n++;
        }
        for (let t = start; t < end; t += DAY) {
          const d = new Date(t);
          const wd = d.getUTCDay();
          if (d.getUTCMonth() + 1 === month && (wd === 0 || wd === 6) === weekend && d.getUTCFullYear() >= 2024) days.add(d.toISOString());
        }
        return n / days.size;
      };
      const septemberWeekday = perDay(9, false);
      expect(perDay(7, false)).toBeLessThan(0.6 * septemberWeekday);
      expect(perDay(9, true)).toBeLessThan(0.35 * septemberWeekday);
      // Office hours in Helsinki: most product use falls between 8 and 17 local time.
      const usage = demo.events.filter((e) => USAGE.has(e.name));
      const office = usage.filter((e) => {
        const h = localDay(e.occurredAt).getUTCHours() - 0.5; // approximate: ±0.5 h of DST
        return h >= 7 && h < 17;
      });
      expect(office.length / usage.length).toBeGreaterThan(0.75);
    });

    it('fades product use before churn and shows prospects on their AIDA journey', () => {
      const ends = new Map<number, number>();
      for (const o of demo.orders) ends.set(o.accountKey, Math.max(ends.get(o.accountKey) ?? 0, Date.parse(`${String(o.properties.period_end)}T00:00:00Z`)));
      let before = 0;
      let last = 0;
      for (const e of demo.events) {
        const churn = ends.get(e.accountKey);
        if (!churn || churn >= end || !USAGE.has(e.name)) continue;
        const daysLeft = (churn - e.occurredAt) / DAY;
        if (daysLeft > 0 && daysLeft <= 60) last++;
        if (daysLeft > 240 && daysLeft <= 300) before++;
      }
      expect(before).toBeGreaterThan(100);
      expect(last).toBeLessThan(0.6 * before);

      const customers = new Set(demo.orders.map((o) => o.accountKey));
      const prospectEvents = demo.events.filter((e) => !customers.has(e.accountKey));
      expect(prospectEvents.length).toBeGreaterThan(1000);
      expect(prospectEvents.some((e) => USAGE.has(e.name) || e.name === 'Order Completed')).toBe(false);
      const names = new Set(prospectEvents.map((e) => e.name));
      for (const n of ['Page Viewed', 'Newsletter Opened', 'Webinar Registered', 'Demo Requested']) expect(names).toContain(n);
      const pricing = prospectEvents.filter((e) => e.properties.category === 'pricing');
      expect(pricing.length).toBeGreaterThan(0);
      const nps = demo.events.filter((e) => e.name === 'NPS Answered').map((e) => e.properties.score as number);
      expect(nps.length).toBeGreaterThan(50);
      expect(nps.every((s) => Number.isInteger(s) && s >= 0 && s <= 10)).toBe(true);
    });
  });
});
