import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';

/** Deletes a product; order lines keep their sku, name and amounts with product_id null. */
export async function deleteProduct(db: Queryable, workspaceId: number, id: number): Promise<void> {
  const deleted = await db.execute('DELETE FROM products WHERE workspace_id = $1 AND id = $2', [workspaceId, id]);
  if (deleted === 0) throw new AppError('not_found', `No product ${id} in this workspace`);
}
