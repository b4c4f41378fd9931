/** A product or plan the workspace sells; order lines may point to it. */
export interface Product {
  id: number;
  sku: string;
  name: string;
  category: string | null;
  price: number | null;
  currency: string;
  traits: Record<string, unknown>;
  created_at: Date;
  updated_at: Date;
}

export interface ProductInput {
  sku?: string | undefined;
  name?: string | undefined;
  category?: string | null | undefined;
  price?: number | null | undefined;
  currency?: string | undefined;
  traits?: Record<string, unknown> | undefined;
}

/** The select list of a Product from `products pr`. */
export const PRODUCT_COLUMNS = 'pr.id, pr.sku, pr.name, pr.category, pr.price, pr.currency, pr.traits, pr.created_at, pr.updated_at';

/** The fields a caller may write, with the cast of their parameter. */
export const PRODUCT_WRITABLE: Readonly<Record<string, string | null>> = {
  sku: 'text',
  name: 'text',
  category: 'text',
  price: 'numeric',
  currency: 'text',
};
