/**
 * Collects the parameters of one hand-written statement: `p.add(value)` returns the
 * placeholder (`$3`, or `$3::bigint` with a cast) and remembers the value in order.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown, cast?: string): string {
    this.values.push(value);
    const placeholder = `$${this.values.length}`;
    return cast ? `${placeholder}::${cast}` : placeholder;
  }
}
