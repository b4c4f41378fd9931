import type { Queryable } from '../db/database.js';
import { decodeCursor, type KeysetOrder, type Page } from '../db/keyset-cursor.js';
import { containsPattern, keysetPage } from '../db/keyset-page.js';
import type { SqlParams } from '../db/sql-params.js';
import { PRODUCT_COLUMNS, type Product } from './product.js';

export const PRODUCT_SORTS = ['name', '-name', 'sku', '-sku'] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

/** name walks products_name (workspace_id, lower(name), id); sku walks the unique (workspace_id, sku). */
const KEYS: Record<'name' | 'sku', KeysetOrder['keys']> = {
  name: [
    { sql: 'lower(pr.name)', type: 'text' },
    { sql: 'pr.id', type: 'bigint' },
  ],
  sku: [
    { sql: 'pr.sku', type: 'text' },
    { sql: 'pr.id', type: 'bigint' },
  ],
};

export function productOrder(sort: ProductSort): KeysetOrder {
  const desc = sort.startsWith('-');
  const field = (desc ? sort.slice(1) : sort) as keyof typeof KEYS;
  return { sort: `products:${sort}`, keys: KEYS[field], direction: desc ? 'desc' : 'asc' };
}

export interface ListProductsInput {
  q?: string | undefined;
  category?: string | undefined;
  sort?: ProductSort | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

/** One page of the product catalogue (a small table: the search is a plain filter). */
export async function listProducts(db: Queryable, workspaceId: number, input: ListProductsInput): Promise<Page<Product>> {
  const order = productOrder(input.sort ?? 'name');
  const q = input.q?.trim();
  return keysetPage<Product>(
    db,
    {
      from: 'products pr',
      select: PRODUCT_COLUMNS,
      id: 'pr.id',
      order,
      where: (p: SqlParams) => {
        const conds = [`pr.workspace_id = ${p.add(workspaceId)}`];
        if (input.category) conds.push(`pr.category = ${p.add(input.category)}`);
        if (q) {
          const pattern = p.add(containsPattern(q));
          conds.push(`(lower(pr.name) LIKE lower(${pattern}) ESCAPE '\\' OR lower(pr.sku) LIKE lower(${pattern}) ESCAPE '\\')`);
        }
        return conds;
      },
    },
    { after: input.cursor ? decodeCursor(order, input.cursor) : null, limit: input.limit ?? 50 },
  );
}
