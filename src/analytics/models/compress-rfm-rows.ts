import type { RfmColumns } from './validate-rfm-columns.js';

/**
 * Customers with the same (x, tx, T) contribute identically to the likelihood and get the same
 * predictions, so fits and scoring run over the distinct rows, each weighted by its count.
 * Day-level data compress well (1M customers over a year of days: a few hundred thousand rows).
 */
export interface CompressedRfm {
  /** Distinct rows. */
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** How many customers share each distinct row. */
  weight: Float64Array;
  /** For each input customer, the index of its distinct row. */
  rowOf: Int32Array;
  /** Distinct x values, ascending, and each row's index into it (for per-x constants). */
  xValues: Float64Array;
  xGroup: Int32Array;
  /** Number of customers (sum of weights). */
  customers: number;
}

/** Assumes the columns passed validateRfmColumns. Open-addressing hash on the bit patterns. */
export function compressRfmRows(data: RfmColumns): CompressedRfm {
  const n = data.x.length;
  let capacity = 1024;
  while (capacity < n * 2) capacity *= 2;
  const mask = capacity - 1;
  const slots = new Int32Array(capacity).fill(-1);
  const ux = new Float64Array(n);
  const utx = new Float64Array(n);
  const uT = new Float64Array(n);
  const weight = new Float64Array(n);
  const rowOf = new Int32Array(n);
  const bits = new Float64Array(3);
  const words = new Uint32Array(bits.buffer);
  const X = data.x;
  const TX = data.tx;
  const TT = data.T;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const x = X[i]! + 0; // +0 folds -0 into 0
    const tx = TX[i]! + 0;
    const T = TT[i]! + 0;
    bits[0] = x;
    bits[1] = tx;
    bits[2] = T;
    let slot = hashWords(words) & mask;
    for (;;) {
      const at = slots[slot]!;
      if (at === -1) {
        slots[slot] = count;
        ux[count] = x;
        utx[count] = tx;
        uT[count] = T;
        weight[count] = 1;
        rowOf[i] = count;
        count += 1;
        break;
      }
      if (ux[at] === x && utx[at] === tx && uT[at] === T) {
        weight[at] = weight[at]! + 1;
        rowOf[i] = at;
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
  const x = ux.slice(0, count);
  const distinct = Float64Array.from(new Set(x)).sort();
  const indexOfX = new Map<number, number>();
  distinct.forEach((v, k) => indexOfX.set(v, k));
  const xGroup = new Int32Array(count);
  for (let k = 0; k < count; k++) xGroup[k] = indexOfX.get(x[k]!)!;
  return {
    x,
    tx: utx.slice(0, count),
    T: uT.slice(0, count),
    weight: weight.slice(0, count),
    rowOf,
    xValues: distinct,
    xGroup,
    customers: n,
  };
}

/** MurmurHash3 (x86, 32-bit) over the six 32-bit words of the three doubles. */
function hashWords(words: Uint32Array): number {
  let h = 0x9747b28c;
  for (let w = 0; w < 6; w++) {
    let k = Math.imul(words[w]!, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= 24;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
