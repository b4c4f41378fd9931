import { useTranslation } from 'react-i18next';
import type { Contact } from '../api/contacts';
import { listAccountOrders } from '../api/orders';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { LoadingBar } from '../common/LoadingBar';
import { LoadMoreButton } from '../common/LoadMoreButton';
import { usePagedList } from '../common/use-paged-list';
import { OrderCard } from './OrderCard';

/** The account's orders, newest first, each with its lines and refund status. */
export function OrdersSection({ accountId, contacts }: { accountId: string; contacts: Contact[] }) {
  const { t } = useTranslation();
  const api = useApi();
  const orders = usePagedList(`orders:${accountId}`, (cursor, signal) => listAccountOrders(api, accountId, cursor, signal));
  return (
    <section className="card" aria-labelledby="orders-heading">
      <h2 id="orders-heading">{t('orders.heading')}</h2>
      {orders.loading && <LoadingBar label={t('orders.loading')} />}
      {orders.error !== null && <ErrorAlert error={orders.error} onRetry={orders.retry} />}
      {!orders.loading && orders.error === null && orders.items.length === 0 && <p className="muted">{t('orders.empty')}</p>}
      {orders.items.length > 0 && (
        <ol className="order-list">
          {orders.items.map((order) => (
            <li key={order.id}>
              <OrderCard order={order} contact={contacts.find((contact) => contact.id === order.contact_id) ?? null} />
            </li>
          ))}
        </ol>
      )}
      {orders.hasMore && !orders.loading && <LoadMoreButton loading={orders.loadingMore} onClick={orders.loadMore} />}
    </section>
  );
}
