import { useTranslation } from 'react-i18next';
import type { Order } from '../api/orders';
import { useFormatters } from '../i18n/use-formatters';

export function OrderLines({ order }: { order: Order }) {
  const { t } = useTranslation();
  const format = useFormatters();
  return (
    <div className="table-scroll">
      <table className="data-table compact">
        <caption className="visually-hidden">{t('orders.linesCaption', { id: order.external_id })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('orders.sku')}</th>
            <th scope="col">{t('orders.product')}</th>
            <th scope="col" className="hide-narrow">{t('orders.category')}</th>
            <th scope="col" className="numeric">{t('orders.qty')}</th>
            <th scope="col" className="numeric">{t('orders.unitPrice')}</th>
            <th scope="col" className="numeric">{t('orders.amount')}</th>
          </tr>
        </thead>
        <tbody>
          {order.lines.map((line) => (
            <tr key={line.line_no}>
              <td>{line.sku ? <code>{line.sku}</code> : ''}</td>
              <td>{line.name ?? ''}</td>
              <td className="hide-narrow">{line.category ?? ''}</td>
              <td className="numeric">{format.number(line.quantity)}</td>
              <td className="numeric">{format.money(line.unit_price, order.currency)}</td>
              <td className="numeric">{format.money(line.amount, order.currency)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
