import { useTranslation } from 'react-i18next';
import { ORDER_MEASURES, type OrderMeasure } from '../api/rule';
import type { BuilderEnv } from './builder-env';
import { ComparisonFields } from './ComparisonFields';
import { fitOp, valueTypeOf, type DraftOrders } from './rule-draft';
import { issuesAt } from './rule-issues';

/** Orders of the subject: how many, how much, how recent (cancelled ones excluded). */
export function OrdersFields({ node, env }: { node: DraftOrders; env: BuilderEnv }) {
  const { t } = useTranslation();
  const issues = env.issues.get(node.id);
  function change(patch: Partial<DraftOrders>) {
    const next = { ...node, ...patch };
    env.update<DraftOrders>(node.id, { ...patch, op: fitOp(next.op, valueTypeOf(next, 'account')) });
  }
  return (
    <div className="rule-fields">
      <div className="field">
        <label htmlFor={`${node.id}-measure`}>{t('rules.orders.measure')}</label>
        <select id={`${node.id}-measure`} value={node.measure} aria-invalid={issuesAt(issues, 'orders').length > 0} onChange={(e) => change({ measure: e.target.value as OrderMeasure })}>
          {ORDER_MEASURES.map((measure) => (
            <option key={measure} value={measure}>
              {t(`rules.orders.measures.${measure}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${node.id}-days`}>{t('rules.withinDays')}</label>
        <input
          id={`${node.id}-days`}
          type="number"
          min={1}
          inputMode="numeric"
          value={node.withinDays}
          placeholder={t('rules.allTime')}
          aria-invalid={issuesAt(issues, 'within_days').length > 0}
          onChange={(e) => change({ withinDays: e.target.value })}
        />
      </div>
      <ComparisonFields id={node.id} draft={node} type={valueTypeOf(node, 'account')} issues={issues} onChange={(patch) => change(patch)} />
    </div>
  );
}
