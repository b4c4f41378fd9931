import type { Queryable } from '../db/database.js';
import { insertColumns } from '../db/column-writes.js';
import { mapConstraintErrors } from '../db/constraint-error.js';
import { SqlParams } from '../db/sql-params.js';
import { PRODUCT_COLUMNS, PRODUCT_WRITABLE, type Product, type ProductInput } from './product.js';

/** Creates a product; a clash of sku is a conflict naming the field. */
export async function createProduct(
  db: Queryable,
  workspaceId: number,
  input: ProductInput & { sku: string; name: string },
): Promise<Product> {
  const p = new SqlParams();
  const { columns, values } = insertColumns(input as unknown as Record<string, unknown>, PRODUCT_WRITABLE, p, 'traits');
  const rows = await mapConstraintErrors(() =>
    db.query<Product & Record<string, unknown>>(
      `INSERT INTO products AS pr (workspace_id, ${columns.join(', ')}) VALUES (${p.add(workspaceId)}, ${values.join(', ')})
       RETURNING ${PRODUCT_COLUMNS}`,
      p.values,
    ),
  );
  return rows[0]!;
}
