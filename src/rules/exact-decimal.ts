/**
 * Exact decimal arithmetic for the JavaScript rule evaluator, so that it agrees with
 * PostgreSQL's numeric: sums of event properties and order values are exact there, and
 * 0.1 + 0.2 must equal 0.3 here too. A value is units / 10^scale with bigint units; a JS
 * number enters through its shortest round-trip decimal form (the form JSON and `pg` use).
 * Averages stay exact as a ratio (sum / count) and are compared by cross-multiplying.
 */
export class ExactDecimal {
  private constructor(
    readonly units: bigint,
    readonly scale: number,
  ) {}

  static readonly ZERO = new ExactDecimal(0n, 0);

  /** The exact decimal of a finite number or a decimal string ('12.50', '-3', '1e-7'); null otherwise. */
  static of(x: number | string | bigint): ExactDecimal | null {
    if (typeof x === 'bigint') return new ExactDecimal(x, 0);
    if (typeof x === 'number' && !Number.isFinite(x)) return null;
    const m = /^([+-]?)(\d+)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(String(x).trim());
    if (!m) return null;
    const digits = `${m[2]}${m[3] ?? ''}`;
    let scale = (m[3] ?? '').length - Number(m[4] ?? 0);
    let units = BigInt(digits);
    if (scale < 0) {
      units *= 10n ** BigInt(-scale);
      scale = 0;
    }
    return new ExactDecimal(m[1] === '-' ? -units : units, scale);
  }

  private at(scale: number): bigint {
    return this.units * 10n ** BigInt(scale - this.scale);
  }

  plus(o: ExactDecimal): ExactDecimal {
    const s = Math.max(this.scale, o.scale);
    return new ExactDecimal(this.at(s) + o.at(s), s);
  }

  minus(o: ExactDecimal): ExactDecimal {
    const s = Math.max(this.scale, o.scale);
    return new ExactDecimal(this.at(s) - o.at(s), s);
  }

  times(n: bigint): ExactDecimal {
    return new ExactDecimal(this.units * n, this.scale);
  }

  compare(o: ExactDecimal): -1 | 0 | 1 {
    const s = Math.max(this.scale, o.scale);
    const a = this.at(s);
    const b = o.at(s);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  toNumber(): number {
    return Number(this.toString());
  }

  toString(): string {
    const neg = this.units < 0n;
    const digits = (neg ? -this.units : this.units).toString().padStart(this.scale + 1, '0');
    const whole = digits.slice(0, digits.length - this.scale);
    const frac = this.scale > 0 ? `.${digits.slice(digits.length - this.scale)}` : '';
    return `${neg ? '-' : ''}${whole}${frac}`;
  }
}

/** An exact number as a ratio of a decimal and a positive count (count 1 for plain values). */
export class ExactRatio {
  constructor(
    readonly num: ExactDecimal,
    readonly den: bigint = 1n,
  ) {}

  /** Compares this ratio with a decimal without dividing. */
  compare(o: ExactDecimal): -1 | 0 | 1 {
    return this.num.compare(o.times(this.den));
  }

  toNumber(): number {
    return this.num.toNumber() / Number(this.den);
  }
}
