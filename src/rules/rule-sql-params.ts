/**
 * The parameters of compiled rule SQL: numbered from a first index ($6 after the five fixed
 * ones), each with its cast, and one placeholder per distinct (cast, value) so a value used
 * by many rules (an event name, a window) is sent once.
 */
export class RuleSqlParams {
  readonly values: unknown[] = [];
  private readonly seen = new Map<string, number>();

  constructor(private readonly first: number) {}

  add(value: unknown, cast: string): string {
    const key = `${cast}\u0000${JSON.stringify(value)}`;
    let n = this.seen.get(key);
    if (n === undefined) {
      this.values.push(value);
      n = this.first + this.values.length - 1;
      this.seen.set(key, n);
    }
    return `$${n}::${cast}`;
  }
}
