import { describe, expect, it } from 'vitest';
import { compressRfmRows } from './compress-rfm-rows.js';
import { readCdnowSummary } from './testing/read-cdnow.js';

describe('compressRfmRows', () => {
  it('merges identical customers into weighted rows and maps each customer back', () => {
    const data = { x: [0, 2, 0, 2, 2, 0], tx: [0, 5, 0, 5, 6, -0], T: [10, 10, 10, 10, 10, 12] };
    const rows = compressRfmRows(data);
    expect(rows.x.length).toBe(4);
    expect(rows.customers).toBe(6);
    expect(rows.weight.reduce((a, b) => a + b, 0)).toBe(6);
    for (let i = 0; i < 6; i++) {
      const k = rows.rowOf[i]!;
      expect([rows.x[k], rows.tx[k], rows.T[k]]).toEqual([data.x[i], Math.abs(data.tx[i]!), data.T[i]]);
    }
    expect(rows.weight[rows.rowOf[0]!]).toBe(2);
    expect(Array.from(rows.xValues)).toEqual([0, 2]);
    for (let k = 0; k < rows.x.length; k++) expect(rows.xValues[rows.xGroup[k]!]).toBe(rows.x[k]);
  });

  it('compresses CDNOW (weeks from whole days) to fewer than half the rows, losing no customer', () => {
    const s = readCdnowSummary();
    const rows = compressRfmRows(s);
    expect(rows.x.length).toBeLessThan(s.x.length / 2);
    expect(rows.weight.reduce((a, b) => a + b, 0)).toBe(s.x.length);
    let mismatches = 0;
    for (let i = 0; i < s.x.length; i++) {
      const k = rows.rowOf[i]!;
      if (rows.x[k] !== s.x[i] || rows.tx[k] !== s.tx[i] || rows.T[k] !== s.T[i]) mismatches += 1;
    }
    expect(mismatches).toBe(0);
  });
});
