import type { ApiClient } from './api-client';
import type { Page } from './page';

export interface OrderLine {
  line_no: number;
  product_id: number | null;
  sku: string | null;
  name: string | null;
  category: string | null;
  quantity: number;
  unit_price: number;
  amount: number;
}

export interface Order {
  id: number;
  external_id: string;
  account_id: number | null;
  contact_id: number | null;
  status: string;
  currency: string;
  total: number;
  refunded_total: number;
  quantity: number;
  ordered_at: string;
  source: string;
  properties: Record<string, unknown>;
  lines: OrderLine[];
  created_at: string;
  updated_at: string;
}

export function listAccountOrders(api: ApiClient, accountId: string, cursor: string | null, signal?: AbortSignal): Promise<Page<Order>> {
  return api.get<Page<Order>>(`/api/v1/accounts/${encodeURIComponent(accountId)}/orders`, { cursor, limit: 20 }, signal);
}
