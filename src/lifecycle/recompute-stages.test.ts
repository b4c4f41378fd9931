import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/test-database.js';
import { recomputeStages } from './recompute-stages.js';
import { saveLifecycleDefinition } from './save-lifecycle-definition.js';
import { daysBefore, DAY, insertAccount, insertContact, insertEvent, insertOrder, stageOf } from './testing/lifecycle-test-data.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const LATER = new Date(NOW.getTime() + 300 * DAY);

describeEachDatabase('recomputeStages', ({ db, ws }) => {
  const w = () => ws().workspace.id;
  const ids = { quiet: 0, browsing: 0, fresh: 0, settled: 0, gone: 0, fan: 0 };

  beforeAll(async () => {
    const d = db();
    ids.quiet = await insertAccount(d, w(), 'Hiljainen Oy');
    ids.browsing = await insertAccount(d, w(), 'Selailija Oy');
    for (const days of [2, 5, 9]) await insertEvent(d, w(), { account: ids.browsing }, 'Page Viewed', daysBefore(NOW, days), { category: 'blog' });
    await insertEvent(d, w(), { account: ids.browsing }, 'Page Viewed', daysBefore(NOW, 1), { category: 'pricing' });
    ids.fresh = await insertAccount(d, w(), 'Uusi Oy');
    await insertOrder(d, w(), ids.fresh, daysBefore(NOW, 10));
    ids.settled = await insertAccount(d, w(), 'Vakiintunut Oy');
    await insertOrder(d, w(), ids.settled, daysBefore(NOW, 400));
    await insertOrder(d, w(), ids.settled, daysBefore(NOW, 100));
    ids.gone = await insertAccount(d, w(), 'Mennyt Oy');
    await insertOrder(d, w(), ids.gone, daysBefore(NOW, 500));
    ids.fan = await insertAccount(d, w(), 'Fani Oy');
    await insertOrder(d, w(), ids.fan, daysBefore(NOW, 300));
    await insertOrder(d, w(), ids.fan, daysBefore(NOW, 200));
    await insertEvent(d, w(), { account: ids.fan }, 'NPS Answered', daysBefore(NOW, 20), { score: 10 });
  });

  it('places every subject and chains moves within one recompute', async () => {
    const result = await recomputeStages(db(), w(), 'account', { now: NOW, batchSize: 2 });
    expect(result).toMatchObject({ subjects: 6, batches: 3, version: 1, placed: 6, reset: 0, removed: 0, timeDependent: true });
    expect(result.moves).toEqual({ engaged: 1, considering: 1, first_purchase: 4, onboarded: 2, lapsed: 1, promoter: 1 });
    expect(result.passes).toBe(3);
    const stages = Object.fromEntries(await Promise.all(Object.entries(ids).map(async ([k, id]) => [k, await stageOf(db(), w(), 'account', id)])));
    expect(stages).toEqual({ quiet: 'awareness', browsing: 'decision', fresh: 'new', settled: 'customer', gone: 'former', fan: 'promoter' });
  });

  it('records each move in history with its transition, version and facts, and on the timeline', async () => {
    const history = await db().query<{ id: number; from_stage: string | null; to_stage: string; transition_key: string | null; definition_version: number; facts: Record<string, unknown>; moved_at: Date }>(
      `SELECT id, from_stage, to_stage, transition_key, definition_version, facts, moved_at FROM stage_history
        WHERE workspace_id = $1 AND subject_type = 'account' AND subject_id = $2 ORDER BY id`,
      [w(), ids.settled],
    );
    expect(history.map((h) => [h.from_stage, h.to_stage, h.transition_key])).toEqual([
      [null, 'awareness', null],
      ['awareness', 'new', 'first_purchase'],
      ['new', 'customer', 'onboarded'],
    ]);
    expect(history.every((h) => h.definition_version === 1 && h.moved_at.getTime() === NOW.getTime())).toBe(true);
    expect(Object.values(history[1]!.facts)).toContain(2);
    expect(Object.keys(history[2]!.facts).length).toBeGreaterThan(0);
    const events = await db().query<{ message_id: string; type: string; properties: Record<string, unknown>; account_id: number; occurred_at: Date }>(
      `SELECT message_id, type, properties, account_id, occurred_at FROM events WHERE workspace_id = $1 AND name = 'Stage Changed' AND account_id = $2 ORDER BY id`,
      [w(), ids.settled],
    );
    expect(events.map((e) => e.message_id)).toEqual(history.map((h) => `stage:${h.id}`));
    expect(events[2]).toMatchObject({ type: 'system', account_id: ids.settled, properties: { subject: 'account', from: 'new', to: 'customer', transition: 'onboarded', version: 1 } });
  });

  it('moves nobody when nothing changed', async () => {
    const again = await recomputeStages(db(), w(), 'account', { now: NOW });
    expect(again).toMatchObject({ placed: 0, moves: {}, passes: 0 });
  });

  it('moves back when time passes without purchases, and wins a former customer back on a new order', async () => {
    const later = LATER;
    const lapse = await recomputeStages(db(), w(), 'account', { now: later, scope: { ids: [ids.settled, ids.gone] } });
    expect(lapse.moves).toEqual({ lapsed: 1 });
    expect(await stageOf(db(), w(), 'account', ids.settled)).toBe('former');

    await insertOrder(db(), w(), ids.gone, new Date(later.getTime() - DAY));
    const back = await recomputeStages(db(), w(), 'account', { now: later, scope: { fromId: ids.gone, toId: ids.gone + 1 } });
    expect(back.moves).toEqual({ win_back: 1 });
    expect(await stageOf(db(), w(), 'account', ids.gone)).toBe('new');
    const [last] = await db().query<{ from_stage: string; transition_key: string; facts: Record<string, unknown> }>(
      `SELECT from_stage, transition_key, facts FROM stage_history WHERE workspace_id = $1 AND subject_type = 'account' AND subject_id = $2 ORDER BY id DESC LIMIT 1`,
      [w(), ids.gone],
    );
    expect(last).toMatchObject({ from_stage: 'former', transition_key: 'win_back' });
    expect(Object.values(last!.facts)).toContain(1);
  });

  it('drops the stage of a deleted account and places contacts on their own lifecycle', async () => {
    await db().query('DELETE FROM accounts WHERE workspace_id = $1 AND id = $2', [w(), ids.quiet]);
    const r = await recomputeStages(db(), w(), 'account', { now: LATER });
    expect(r).toMatchObject({ removed: 1, moves: {} });
    expect(await stageOf(db(), w(), 'account', ids.quiet)).toBeNull();

    const user = await insertContact(db(), w(), ids.fresh, 'user@uusi.fi');
    const lurker = await insertContact(db(), w(), ids.fresh, 'lurker@uusi.fi');
    await insertEvent(db(), w(), { contact: user }, 'Login', daysBefore(NOW, 3));
    const contacts = await recomputeStages(db(), w(), 'contact', { now: NOW });
    expect(contacts).toMatchObject({ subjects: 2, placed: 2, moves: { first_purchase: 1 } });
    expect(await stageOf(db(), w(), 'contact', user)).toBe('new');
    expect(await stageOf(db(), w(), 'contact', lurker)).toBe('awareness');
    const [event] = await db().query<{ contact_id: number; account_id: number | null }>(
      `SELECT contact_id, account_id FROM events WHERE workspace_id = $1 AND name = 'Stage Changed' AND contact_id = $2 ORDER BY id DESC LIMIT 1`,
      [w(), user],
    );
    expect(event).toEqual({ contact_id: user, account_id: null });
  });

  it('reports progress per batch over an id range', async () => {
    const seen: [number, number][] = [];
    await recomputeStages(db(), w(), 'account', { now: LATER, batchSize: 2, onProgress: (d, t) => seen.push([d, t]) });
    expect(seen).toEqual([
      [2, 5],
      [4, 5],
      [5, 5],
    ]);
  });
});

describeEachDatabase('recomputeStages with an edited definition', ({ db, ws }) => {
  const w = () => ws().workspace.id;

  it("takes the first transition that holds, and '*' from any stage but its own target", async () => {
    const definition = {
      stages: [
        { key: 'lead', name: { fi: 'Liidi', en: 'Lead' }, kind: 'prospect' },
        { key: 'buyer', name: { fi: 'Ostaja', en: 'Buyer' }, kind: 'customer' },
        { key: 'domestic', name: { fi: 'Kotimainen', en: 'Domestic' }, kind: 'customer' },
        { key: 'blocked', name: { fi: 'Estetty', en: 'Blocked' }, kind: 'former' },
      ],
      initial: 'lead',
      transitions: [
        { key: 'block', from: '*', to: 'blocked', rule: { trait: 'traits.blocked', type: 'boolean', op: 'eq', value: true }, description: { fi: 'Estetty', en: 'Blocked' } },
        { key: 'bought', from: ['lead'], to: 'buyer', rule: { orders: 'count', op: 'gte', value: 1 }, description: { fi: 'Osti', en: 'Bought' } },
        { key: 'finnish', from: ['lead', 'buyer'], to: 'domestic', rule: { trait: 'country', op: 'eq', value: 'FI' }, description: { fi: 'Suomi', en: 'Finland' } },
      ],
    };
    await saveLifecycleDefinition(db(), w(), 'account', { definition });
    const [fi, blocked] = [await insertAccount(db(), w(), 'Suomi Oy'), await insertAccount(db(), w(), 'Estetty Oy')];
    await db().query(`UPDATE accounts SET country = 'FI' WHERE id = $1`, [fi]);
    await db().query(`UPDATE accounts SET country = 'FI', traits = '{"blocked": true}' WHERE id = $1`, [blocked]);
    for (const id of [fi, blocked]) await insertOrder(db(), w(), id, daysBefore(NOW, 5));
    const r = await recomputeStages(db(), w(), 'account', { now: NOW });
    // Suomi: lead -> buyer ('bought' comes before 'finnish') -> domestic; Estetty: lead -> blocked and stays.
    expect(r).toMatchObject({ version: 2, moves: { bought: 1, finnish: 1, block: 1 }, passes: 2 });
    expect(await stageOf(db(), w(), 'account', fi)).toBe('domestic');
    expect(await stageOf(db(), w(), 'account', blocked)).toBe('blocked');
  });
});
