/** One page of a keyset-paginated list: no totals, only the cursor of the next page. */
export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}
