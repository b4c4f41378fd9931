import { useTranslation } from 'react-i18next';
import { contactName, type Contact } from '../api/contacts';
import type { Order } from '../api/orders';
import { enumLabel } from '../i18n/enum-label';
import { useFormatters } from '../i18n/use-formatters';
import { OrderLines } from './OrderLines';

/** One order: number, date, status, sums; its lines open on demand. */
export function OrderCard({ order, contact }: { order: Order; contact: Contact | null }) {
  const { t } = useTranslation();
  const format = useFormatters();
  return (
    <article className="order" aria-labelledby={`order-${order.id}`}>
      <header className="order-head">
        <h3 id={`order-${order.id}`}>{t('orders.number', { id: order.external_id })}</h3>
        <time dateTime={order.ordered_at}>{format.dateTime(order.ordered_at)}</time>
        <span className={`badge status-${order.status}`}>{enumLabel(t, 'orderStatus', order.status)}</span>
      </header>
      <dl className="order-facts">
        <div>
          <dt>{t('orders.total')}</dt>
          <dd>{format.money(order.total, order.currency)}</dd>
        </div>
        {order.refunded_total > 0 && (
          <div>
            <dt>{t('orders.refunded')}</dt>
            <dd>{format.money(order.refunded_total, order.currency)}</dd>
          </div>
        )}
        <div>
          <dt>{t('orders.quantity')}</dt>
          <dd>{format.number(order.quantity)}</dd>
        </div>
        {contact && (
          <div>
            <dt>{t('orders.contact')}</dt>
            <dd>{contactName(contact)}</dd>
          </div>
        )}
        <div>
          <dt>{t('orders.source')}</dt>
          <dd>{order.source}</dd>
        </div>
      </dl>
      {order.lines.length > 0 && (
        <details className="order-lines">
          <summary>{t('orders.showLines', { count: order.lines.length })}</summary>
          <OrderLines order={order} />
        </details>
      )}
    </article>
  );
}
