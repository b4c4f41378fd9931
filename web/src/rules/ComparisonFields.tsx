import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CompareOp, ValueType } from '../api/rule';
import { isList, isRelativeDays, opsFor, takesValue, type ValueDraft } from './rule-draft';
import { issuesAt, type NodeIssue } from './rule-issues';

interface Props {
  /** Prefix of the input ids. */
  id: string;
  draft: ValueDraft;
  type: ValueType;
  /** No exists/not_exists (a count of contacts is never missing). */
  noPresence?: boolean;
  issues: readonly NodeIssue[] | undefined;
  /** Where op and value sit under the node ("" for a leaf, "contacts/count" for a count of contacts). */
  field?: string;
  onChange: (patch: Partial<ValueDraft>) => void;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** The operator and the value(s) it needs, with inputs that fit the value's type. */
export function ComparisonFields({ id, draft, type, noPresence = false, issues, field = '', onChange }: Props) {
  const { t } = useTranslation();
  const at = (name: string) => (field ? `${field}/${name}` : name);
  const opInvalid = issuesAt(issues, at('op')).length > 0;
  const valueInvalid = issuesAt(issues, at('value')).length > 0;
  const opLabel = (op: CompareOp) => (type === 'date' && ['gt', 'gte', 'lt', 'lte', 'between'].includes(op) ? t(`rules.opsDate.${op as 'gt'}`) : t(`rules.ops.${op}`));

  let valueInput: ReactNode = null;
  if (takesValue(draft.op)) {
    if (isRelativeDays(draft.op)) {
      valueInput = (
        <div className="field">
          <label htmlFor={`${id}-value`}>{t('rules.days')}</label>
          <input id={`${id}-value`} type="number" min={1} inputMode="numeric" value={draft.value} aria-invalid={valueInvalid} onChange={(e) => onChange({ value: e.target.value })} />
        </div>
      );
    } else if (draft.op === 'between') {
      const kind = type === 'date' ? 'date' : 'text';
      valueInput = (
        <>
          <div className="field">
            <label htmlFor={`${id}-value`}>{t('rules.low')}</label>
            <input id={`${id}-value`} type={kind} inputMode={type === 'number' ? 'decimal' : undefined} value={draft.value} aria-invalid={valueInvalid} onChange={(e) => onChange({ value: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-value2`}>{t('rules.high')}</label>
            <input id={`${id}-value2`} type={kind} inputMode={type === 'number' ? 'decimal' : undefined} value={draft.value2} aria-invalid={valueInvalid} onChange={(e) => onChange({ value2: e.target.value })} />
          </div>
        </>
      );
    } else if (isList(draft.op)) {
      valueInput = (
        <div className="field">
          <label htmlFor={`${id}-value`}>{t('rules.values')}</label>
          <input id={`${id}-value`} value={draft.value} aria-invalid={valueInvalid} aria-describedby={`${id}-value-help`} onChange={(e) => onChange({ value: e.target.value })} />
          <p className="help" id={`${id}-value-help`}>
            {t('rules.valuesHelp')}
          </p>
        </div>
      );
    } else if (type === 'boolean') {
      valueInput = (
        <div className="field">
          <label htmlFor={`${id}-value`}>{t('rules.value')}</label>
          <select id={`${id}-value`} value={draft.value} aria-invalid={valueInvalid} onChange={(e) => onChange({ value: e.target.value })}>
            <option value="">{t('rules.choose')}</option>
            <option value="true">{t('rules.true')}</option>
            <option value="false">{t('rules.false')}</option>
          </select>
        </div>
      );
    } else {
      const dateInput = type === 'date' && (draft.value === '' || DATE_ONLY.test(draft.value));
      valueInput = (
        <div className="field">
          <label htmlFor={`${id}-value`}>{t('rules.value')}</label>
          <input
            id={`${id}-value`}
            type={dateInput ? 'date' : 'text'}
            inputMode={type === 'number' ? 'decimal' : undefined}
            value={draft.value}
            aria-invalid={valueInvalid}
            onChange={(e) => onChange({ value: e.target.value })}
          />
        </div>
      );
    }
  }

  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-op`}>{t('rules.operator')}</label>
        <select id={`${id}-op`} value={draft.op} aria-invalid={opInvalid} onChange={(e) => onChange({ op: e.target.value as CompareOp })}>
          {opsFor(type, noPresence).map((op) => (
            <option key={op} value={op}>
              {opLabel(op)}
            </option>
          ))}
        </select>
      </div>
      {valueInput}
    </>
  );
}
