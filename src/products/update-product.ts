import type { Queryable } from '../db/database.js';
import { patchAssignments } from '../db/column-writes.js';
import { mapConstraintErrors } from '../db/constraint-error.js';
import { SqlParams } from '../db/sql-params.js';
import { AppError } from '../errors/app-error.js';
import { PRODUCT_COLUMNS, PRODUCT_WRITABLE, type Product, type ProductInput } from './product.js';

/** Partly updates a product: null clears a field, traits are merged (a null trait is removed). */
export async function updateProduct(db: Queryable, workspaceId: number, id: number, patch: ProductInput): Promise<Product> {
  const p = new SqlParams();
  const sets = patchAssignments(patch as Record<string, unknown>, PRODUCT_WRITABLE, p, 'traits');
  const where = `pr.workspace_id = ${p.add(workspaceId)} AND pr.id = ${p.add(id)}`;
  const rows = await mapConstraintErrors(() =>
    sets.length === 0
      ? db.query<Product & Record<string, unknown>>(`SELECT ${PRODUCT_COLUMNS} FROM products pr WHERE ${where}`, p.values)
      : db.query<Product & Record<string, unknown>>(
          `UPDATE products AS pr SET ${sets.join(', ')}, updated_at = now() WHERE ${where} RETURNING ${PRODUCT_COLUMNS}`,
          p.values,
        ),
  );
  if (!rows[0]) throw new AppError('not_found', `No product ${id} in this workspace`);
  return rows[0];
}
