import { useTranslation } from 'react-i18next';
import { EVENT_FNS, type EventFilterOp, type EventFn } from '../api/rule';
import type { BuilderEnv } from './builder-env';
import { ComparisonFields } from './ComparisonFields';
import { fitOp, MEASURES_WITH_PROPERTY, newDraftId, valueTypeOf, type DraftEvent, type DraftFilter } from './rule-draft';
import { issuesAt } from './rule-issues';
import { useEventPropertyKeys } from './use-data-vocabulary';

const FILTER_OPS: readonly EventFilterOp[] = ['eq', 'neq', 'in'];

/** "did `Order Completed` at least 2 times in the last 365 days", sums and averages of a property, first and last times. */
export function EventFields({ node, env }: { node: DraftEvent; env: BuilderEnv }) {
  const { t } = useTranslation();
  const issues = env.issues.get(node.id);
  const invalid = (field: string) => issuesAt(issues, field).length > 0;
  function change(patch: Partial<DraftEvent>) {
    const next = { ...node, ...patch };
    env.update<DraftEvent>(node.id, { ...patch, op: fitOp(next.op, valueTypeOf(next, 'account')) });
  }
  function changeFilter(id: string, patch: Partial<DraftFilter>) {
    change({ where: node.where.map((filter) => (filter.id === id ? { ...filter, ...patch } : filter)) });
  }
  const listId = `${node.id}-events`;
  const propertiesId = `${node.id}-properties`;
  const properties = useEventPropertyKeys(node.event, env.eventNames);
  return (
    <div className="rule-fields">
      <div className="field">
        <label htmlFor={`${node.id}-event`}>{t('rules.event.name')}</label>
        <input id={`${node.id}-event`} list={listId} value={node.event} aria-invalid={invalid('event')} onChange={(e) => change({ event: e.target.value })} />
        <datalist id={listId}>
          {env.eventNames.map((name) => (
            <option key={name} value={name} />
          ))}
        </datalist>
        <datalist id={propertiesId}>
          {properties.map((p) => (
            <option key={p.key} value={p.key}>
              {t('rules.trait.suggestion', { type: t(`rules.types.${p.type}`), count: p.seen })}
            </option>
          ))}
        </datalist>
      </div>
      <div className="field">
        <label htmlFor={`${node.id}-fn`}>{t('rules.event.measure')}</label>
        <select id={`${node.id}-fn`} value={node.fn} aria-invalid={invalid('measure')} onChange={(e) => change({ fn: e.target.value as EventFn })}>
          {EVENT_FNS.map((fn) => (
            <option key={fn} value={fn}>
              {t(`rules.event.fns.${fn}`)}
            </option>
          ))}
        </select>
      </div>
      {MEASURES_WITH_PROPERTY.includes(node.fn) && (
        <div className="field">
          <label htmlFor={`${node.id}-property`}>{t('rules.event.property')}</label>
          <input id={`${node.id}-property`} list={propertiesId} value={node.property} aria-invalid={invalid('measure/property')} onChange={(e) => change({ property: e.target.value })} />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${node.id}-days`}>{t('rules.withinDays')}</label>
        <input
          id={`${node.id}-days`}
          type="number"
          min={1}
          inputMode="numeric"
          value={node.withinDays}
          placeholder={t('rules.allTime')}
          aria-invalid={invalid('within_days')}
          onChange={(e) => change({ withinDays: e.target.value })}
        />
      </div>
      <ComparisonFields id={node.id} draft={node} type={valueTypeOf(node, 'account')} issues={issues} onChange={(patch) => change(patch)} />
      {node.where.length > 0 && (
        <ul className="rule-filters" aria-label={t('rules.event.filters')}>
          {node.where.map((filter, index) => {
            const at = `where/${index}`;
            return (
              <li key={filter.id} className="rule-fields">
                <div className="field">
                  <label htmlFor={`${filter.id}-property`}>{t('rules.event.filterProperty')}</label>
                  <input id={`${filter.id}-property`} list={propertiesId} value={filter.property} aria-invalid={invalid(`${at}/property`)} onChange={(e) => changeFilter(filter.id, { property: e.target.value })} />
                </div>
                <div className="field">
                  <label htmlFor={`${filter.id}-op`}>{t('rules.operator')}</label>
                  <select id={`${filter.id}-op`} value={filter.op} aria-invalid={invalid(`${at}/op`)} onChange={(e) => changeFilter(filter.id, { op: e.target.value as EventFilterOp })}>
                    {FILTER_OPS.map((op) => (
                      <option key={op} value={op}>
                        {t(`rules.ops.${op}`)}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor={`${filter.id}-value`}>{filter.op === 'in' ? t('rules.values') : t('rules.value')}</label>
                  <input id={`${filter.id}-value`} value={filter.value} aria-invalid={invalid(`${at}/value`)} onChange={(e) => changeFilter(filter.id, { value: e.target.value })} />
                </div>
                <button type="button" className="button-quiet" onClick={() => change({ where: node.where.filter((f) => f.id !== filter.id) })}>
                  {t('rules.event.removeFilter')}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <button type="button" className="button-quiet rule-add-filter" onClick={() => change({ where: [...node.where, { id: newDraftId(), property: '', op: 'eq', value: '' }] })}>
        {t('rules.event.addFilter')}
      </button>
    </div>
  );
}
