import { expect, it } from 'vitest';
import { createSegment } from '../segments/create-segment.js';
import { deleteSegment } from '../segments/delete-segment.js';
import { describeEachDatabase } from '../testing/test-database.js';
import { createWorkspace } from '../workspaces/create-workspace.js';
import { areMetricsReadByRules } from './are-metrics-read-by-rules.js';

describeEachDatabase('areMetricsReadByRules', ({ db }) => {
  it('finds metric conditions at any depth of the current lifecycle and of dynamic segments', async () => {
    const ws = (await createWorkspace(db(), { slug: 'metrics-read', name: 'Metrics read' })).id;
    // The default account lifecycle makes loyal with rfm_m; nothing reads the CLV metrics.
    expect(await areMetricsReadByRules(db(), ws, ['rfm_r', 'rfm_f', 'rfm_m', 'rfm_score'])).toBe(true);
    expect(await areMetricsReadByRules(db(), ws, ['clv', 'p_active'])).toBe(false);
    expect(await areMetricsReadByRules(db(), ws, [])).toBe(false);
    const segment = await createSegment(db(), ws, {
      key: 'at-risk-value',
      name: 'At-risk value',
      subject_type: 'account',
      kind: 'dynamic',
      rule: { all: [{ trait: 'traits.plan', op: 'eq', value: 'pro' }, { not: { any: [{ metric: 'p_active', op: 'gte', value: 0.5 }] } }] },
    });
    expect(await areMetricsReadByRules(db(), ws, ['clv', 'p_active'])).toBe(true);
    expect(await areMetricsReadByRules(db(), ws, ['clv'])).toBe(false);
    await deleteSegment(db(), ws, segment.key);
    expect(await areMetricsReadByRules(db(), ws, ['p_active'])).toBe(false);
  });
});
