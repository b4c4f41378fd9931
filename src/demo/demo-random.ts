import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import type { RandomGenerator } from 'pure-rand/types/RandomGenerator';

/** Independent random streams of the demo generator: one per purpose and account. */
export const STREAM = { account: 1, events: 2, names: 3, wallet: 4 } as const;

/** MurmurHash3's 32-bit finaliser: spreads nearby seeds apart before they seed the generator. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A seeded random source (pure-rand's xoroshiro128+) with the distributions the demo needs.
 * Each (seed, stream, index) triple gives its own sequence, so an account's data depends only
 * on the seed and the account's number, not on batch sizes or on the other accounts.
 */
export class DemoRandom {
  private readonly rng: RandomGenerator;

  constructor(seed: number, stream: number, index: number) {
    const mixed = fmix32(fmix32(seed >>> 0) ^ fmix32(Math.imul(stream, 0x9e3779b1) ^ 0x5bd1e995) ^ fmix32(index + 0x27d4eb2f));
    this.rng = xoroshiro128plus(mixed | 0);
    // The first outputs of xoroshiro128+ still echo the seed: discard them.
    for (let i = 0; i < 8; i++) this.rng.next();
  }

  /** A float in [0, 1) with 32 bits of randomness. */
  float(): number {
    return (this.rng.next() >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included, without modulo bias. */
  int(min: number, max: number): number {
    return uniformInt(this.rng, min, max);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.float() * items.length)]!;
  }

  /** An index chosen with probability proportional to its weight. */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.float() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i]!;
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** A standard normal deviate (Box-Muller). */
  normal(): number {
    const u = 1 - this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A Poisson count: exact (Knuth) for small means, a rounded normal approximation above 30. */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.float();
    while (p > limit) {
      k++;
      p *= this.float();
    }
    return k;
  }

  /** A random (version 4) UUID, as Segment's libraries make message ids. */
  uuid(): string {
    const a = this.rng.next() >>> 0;
    const b = this.rng.next() >>> 0;
    const c = this.rng.next() >>> 0;
    const d = this.rng.next() >>> 0;
    const h = (n: number, shift: number) => HEX[(n >>> shift) & 0xff]!;
    return (
      h(a, 24) + h(a, 16) + h(a, 8) + h(a, 0) + '-' +
      h(b, 24) + h(b, 16) + '-' +
      HEX[0x40 | ((b >>> 8) & 0x0f)]! + h(b, 0) + '-' +
      HEX[0x80 | ((c >>> 24) & 0x3f)]! + h(c, 16) + '-' +
      h(c, 8) + h(c, 0) + h(d, 24) + h(d, 16) + h(d, 8) + h(d, 0)
    );
  }
}
