import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { PRODUCT_COLUMNS, type Product } from './product.js';

/** One product; not_found if the workspace has no such product. */
export async function getProduct(db: Queryable, workspaceId: number, id: number): Promise<Product> {
  const rows = await db.query<Product & Record<string, unknown>>(
    `SELECT ${PRODUCT_COLUMNS} FROM products pr WHERE pr.workspace_id = $1 AND pr.id = $2`,
    [workspaceId, id],
  );
  if (!rows[0]) throw new AppError('not_found', `No product ${id} in this workspace`);
  return rows[0];
}
