import { Type } from 'typebox';
import { ORDER_SORTS } from '../../orders/list-orders.js';
import { ORDER_STATUSES } from '../../orders/order.js';
import { Nullable } from './nullable.js';
import { pageQueryProperties } from './pagination-schema.js';
import { DateTimeInput, JsonObjectSchema, TimestampSchema } from './timestamp-schema.js';

const Money = (description?: string) => Type.Number({ minimum: 0, maximum: 999999999999.99, ...(description ? { description } : {}) });
const Currency = Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 currency code, e.g. EUR' });
const Text = (maxLength: number, description?: string) => Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });

export const OrderLineSchema = Type.Object({
  line_no: Type.Integer(),
  product_id: Nullable(Type.Integer()),
  sku: Nullable(Type.String()),
  name: Nullable(Type.String()),
  category: Nullable(Type.String()),
  quantity: Type.Number(),
  unit_price: Type.Number(),
  amount: Type.Number(),
});

export const OrderSchema = Type.Object(
  {
    id: Type.Integer(),
    external_id: Type.String(),
    account_id: Nullable(Type.Integer()),
    contact_id: Nullable(Type.Integer()),
    status: Type.Enum(ORDER_STATUSES),
    currency: Type.String(),
    total: Type.Number(),
    refunded_total: Type.Number(),
    quantity: Type.Number(),
    ordered_at: TimestampSchema,
    source: Type.String(),
    properties: JsonObjectSchema,
    lines: Type.Array(OrderLineSchema),
    created_at: TimestampSchema,
    updated_at: TimestampSchema,
  },
  { title: 'Order' },
);

export const RefundSchema = Type.Object(
  {
    id: Type.Integer(),
    order_id: Type.Integer(),
    amount: Type.Number(),
    reason: Nullable(Type.String()),
    refunded_at: TimestampSchema,
    message_id: Nullable(Type.String()),
    created_at: TimestampSchema,
  },
  { title: 'Refund' },
);

export const OrderDetailSchema = Type.Object({ ...OrderSchema.properties, refunds: Type.Array(RefundSchema) }, { title: 'OrderDetail' });

export const OrderLineInput = Type.Object(
  {
    sku: Type.Optional(Nullable(Text(255))),
    name: Type.Optional(Nullable(Text(500))),
    category: Type.Optional(Nullable(Text(255))),
    quantity: Type.Number({ exclusiveMinimum: 0, maximum: 1e9 }),
    unit_price: Money('Price of one unit'),
    product_id: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
  },
  { additionalProperties: false },
);

export const OrderCreateBody = Type.Object(
  {
    external_id: Text(255, 'Your order id; unique in the workspace'),
    account_id: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    account_external_id: Type.Optional(Text(255, 'The account by its external id, instead of account_id')),
    contact_id: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    contact_external_id: Type.Optional(Text(255, 'The contact by its external id, instead of contact_id')),
    currency: Currency,
    ordered_at: DateTimeInput(),
    total: Type.Optional(Money('Computed from the lines when left out; when given it must equal their sum')),
    lines: Type.Array(OrderLineInput, { minItems: 1, maxItems: 1000 }),
    properties: Type.Optional(JsonObjectSchema),
  },
  { additionalProperties: false },
);

export const OrderPatchBody = Type.Object(
  {
    external_id: Type.Optional(Text(255)),
    account_id: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    contact_id: Type.Optional(Nullable(Type.Integer({ minimum: 1 }))),
    ordered_at: Type.Optional(DateTimeInput()),
    status: Type.Optional(
      Type.Enum(['completed', 'cancelled'], { description: 'cancelled cancels; completed undoes it (the status then follows the refunds)' }),
    ),
    properties: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Merged shallowly; a key set to null is removed' })),
  },
  { additionalProperties: false },
);

const orderFilters = {
  contact_id: Type.Optional(Type.Integer({ minimum: 1 })),
  from: Type.Optional(DateTimeInput('ordered_at >= from')),
  to: Type.Optional(DateTimeInput('ordered_at < to')),
  status: Type.Optional(Type.Enum(ORDER_STATUSES)),
  sort: Type.Optional(Type.Enum(ORDER_SORTS, { default: '-ordered_at' })),
  ...pageQueryProperties,
};

export const OrderListQuery = Type.Object(
  { ...orderFilters, account_id: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);

export const AccountOrdersQuery = Type.Object(orderFilters, { additionalProperties: false });

export const RefundCreateBody = Type.Object(
  {
    amount: Type.Number({ exclusiveMinimum: 0, maximum: 999999999999.99, description: 'At most what is left of the order total' }),
    reason: Type.Optional(Nullable(Text(1000))),
    refunded_at: Type.Optional(DateTimeInput('Defaults to now')),
  },
  { additionalProperties: false },
);
