import { beforeAll, expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { describeEachDatabase } from '../testing/test-database.js';
import { explainStage } from './explain-stage.js';
import { getLifecycleBoard } from './get-lifecycle-board.js';
import { getSubjectStage } from './get-subject-stage.js';
import { recomputeStages } from './recompute-stages.js';
import { DAY, daysBefore, insertAccount, insertEvent, insertOrder } from './testing/lifecycle-test-data.js';

const NOW = new Date('2026-06-01T12:00:00Z');

describeEachDatabase('explainStage, stage history and the board', ({ db, ws }) => {
  const w = () => ws().workspace.id;
  let settled = 0;
  let quiet = 0;

  beforeAll(async () => {
    settled = await insertAccount(db(), w(), 'Vakiintunut Oy');
    quiet = await insertAccount(db(), w(), 'Hiljainen Oy');
    // The first recompute 450 days ago: both were prospects in awareness then.
    await recomputeStages(db(), w(), 'account', { now: daysBefore(NOW, 450) });
    await insertOrder(db(), w(), settled, daysBefore(NOW, 400));
    await insertOrder(db(), w(), settled, daysBefore(NOW, 100));
    await insertEvent(db(), w(), { account: settled }, 'NPS Answered', daysBefore(NOW, 30), { score: 5 });
    await recomputeStages(db(), w(), 'account', { now: NOW });
  });

  it('explains the current stage, the move that made it and what would move it next', async () => {
    const why = await explainStage(db(), w(), 'account', settled, new Date(NOW.getTime() + 10 * DAY));
    expect(why).toMatchObject({
      subject: 'account',
      subject_id: settled,
      stage: { key: 'customer', name: { fi: 'Asiakas', en: 'Customer' }, kind: 'customer' },
      entered_at: NOW,
      days_in_stage: 10,
      current_version: 1,
      placed_by: { from: { key: 'new' }, transition: 'onboarded', version: 1, moved_at: NOW },
    });
    expect(why.placed_by?.facts).toMatchObject({ tenure_days: 400 });
    expect(why.placed_by?.rule_text?.en).toMatch(/Onboarding Completed/);
    expect(why.transitions.map((t) => [t.transition, t.holds, t.next])).toEqual([
      ['lapsed', false, false],
      ['loyal', false, false],
      ['promoter', false, false],
    ]);
    // The promoter rule is false because the latest NPS answer was 5: the leaf says so.
    const promoter = why.transitions.find((t) => t.transition === 'promoter')!;
    expect(JSON.stringify(promoter.evaluation)).toContain('"actual":5');
    expect(why.text.en).toMatch(/^In Customer since 2026-06-01 \(10 days\)\. Moved from New customer by transition "onboarded" \(version 1\)/);
    expect(why.text.en).toMatch(/No transition holds now\.$/);
    expect(why.text.fi).toMatch(/^Vaiheessa Asiakas 1\.6\.2026 alkaen \(10 pv\)\./);
  });

  it('says what would move it when a rule holds now', async () => {
    const why = await explainStage(db(), w(), 'account', settled, new Date(NOW.getTime() + 300 * DAY));
    expect(why.transitions.find((t) => t.next)).toMatchObject({ transition: 'lapsed', holds: true, to: { key: 'former' } });
    expect(why.text.en).toMatch(/Next: Former customer, as its rule holds now/);
  });

  it('explains a subject that has no stage yet, and refuses an unknown one', async () => {
    const newcomer = await insertAccount(db(), w(), 'Tulokas Oy');
    const why = await explainStage(db(), w(), 'account', newcomer, NOW);
    expect(why).toMatchObject({ stage: null, entered_at: null, placed_by: null });
    expect(why.transitions.map((t) => t.transition)).toContain('first_purchase');
    expect(why.text.en).toMatch(/^No stage yet: the next recompute places it in Awareness\./);
    await expect(explainStage(db(), w(), 'account', 999_999, NOW)).rejects.toThrow(AppError);
    await db().query('DELETE FROM accounts WHERE workspace_id = $1 AND id = $2', [w(), newcomer]);
  });

  it('lists the stage history newest first with pages', async () => {
    const first = await getSubjectStage(db(), w(), 'account', settled, { limit: 2, now: NOW });
    expect(first.current).toMatchObject({ stage: 'customer', entered_at: NOW, days_in_stage: 0, transition_key: 'onboarded', definition_version: 1 });
    expect(first.history.data.map((h) => h.to_stage)).toEqual(['customer', 'new']);
    expect(first.history.data[0]!.facts).toMatchObject({ tenure_days: 400 });
    const rest = await getSubjectStage(db(), w(), 'account', settled, { limit: 2, cursor: first.history.next_cursor!, now: NOW });
    expect(rest.history.data.map((h) => [h.from_stage, h.to_stage])).toEqual([[null, 'awareness']]);
    expect(rest.history.next_cursor).toBeNull();
    const still = await getSubjectStage(db(), w(), 'account', quiet, { now: NOW });
    expect(still.current).toMatchObject({ stage: 'awareness', entered_at: daysBefore(NOW, 450), days_in_stage: 450, transition_key: null });
  });

  it('counts stages now, flows within a period and the time spent in stages', async () => {
    const board = await getLifecycleBoard(db(), w(), 'account', { from: daysBefore(NOW, 1), to: new Date(NOW.getTime() + 1), now: NOW });
    expect(board.stages.map((s) => [s.key, s.count])).toEqual([
      ['awareness', 1],
      ['interest', 0],
      ['decision', 0],
      ['action', 0],
      ['new', 0],
      ['customer', 1],
      ['loyal', 0],
      ['promoter', 0],
      ['former', 0],
    ]);
    expect(board.flows).toEqual([
      { from: 'awareness', to: 'new', count: 1 },
      { from: 'new', to: 'customer', count: 1 },
    ]);
    const awareness = board.stages.find((s) => s.key === 'awareness')!;
    expect(awareness).toMatchObject({ median_days_in_stage: 450, exited: 1, entered: 0, median_days_before_exit: 450 });
    // The chained stay in new lasted no time: not counted as a stay.
    expect(board.stages.find((s) => s.key === 'new')).toMatchObject({ entered: 1, exited: 1, median_days_before_exit: null });
    expect(board.unplaced).toBe(0);

    const year = await getLifecycleBoard(db(), w(), 'account', { from: daysBefore(NOW, 500), to: daysBefore(NOW, 400), now: NOW });
    expect(year.flows).toEqual([{ from: null, to: 'awareness', count: 2 }]);
    await expect(getLifecycleBoard(db(), w(), 'account', { from: NOW, to: NOW })).rejects.toThrow(/period is empty/);
  });
});
