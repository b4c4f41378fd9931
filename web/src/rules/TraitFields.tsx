import { useTranslation } from 'react-i18next';
import { SUBJECT_COLUMNS, type SubjectType, type ValueType } from '../api/rule';
import type { BuilderEnv } from './builder-env';
import { ComparisonFields } from './ComparisonFields';
import { CUSTOM_TRAIT, fitOp, valueTypeOf, type DraftTrait } from './rule-draft';
import { issuesAt } from './rule-issues';

const TRAIT_TYPES: readonly ValueType[] = ['string', 'number', 'boolean', 'date'];

/** A field of the account or contact (a column or a free trait) compared to a value. */
export function TraitFields({ node, subject, env }: { node: DraftTrait; subject: SubjectType; env: BuilderEnv }) {
  const { t } = useTranslation();
  const issues = env.issues.get(node.id);
  const type = valueTypeOf(node, subject);
  function change(patch: Partial<DraftTrait>) {
    const next = { ...node, ...patch };
    env.update<DraftTrait>(node.id, { ...patch, op: fitOp(next.op, valueTypeOf(next, subject)) });
  }
  return (
    <div className="rule-fields">
      <div className="field">
        <label htmlFor={`${node.id}-field`}>{t('rules.trait.field')}</label>
        <select id={`${node.id}-field`} value={node.field} aria-invalid={issuesAt(issues, 'trait').length > 0} onChange={(e) => change({ field: e.target.value })}>
          {Object.keys(SUBJECT_COLUMNS[subject]).map((column) => (
            <option key={column} value={column}>
              {t(`rules.columns.${subject}.${column}` as 'rules.columns.account.name')}
            </option>
          ))}
          <option value={CUSTOM_TRAIT}>{t('rules.trait.custom')}</option>
        </select>
      </div>
      {node.field === CUSTOM_TRAIT && (
        <>
          <div className="field">
            <label htmlFor={`${node.id}-key`}>{t('rules.trait.key')}</label>
            <input
              id={`${node.id}-key`}
              list={`${node.id}-keys`}
              value={node.traitKey}
              aria-invalid={issuesAt(issues, 'trait').length > 0}
              onChange={(e) => {
                // A key the data knows brings the type its values have.
                const known = env.traitKeys[subject].find((k) => k.key === e.target.value);
                change({ traitKey: e.target.value, ...(known && known.type !== 'mixed' ? { traitType: known.type } : {}) });
              }}
            />
            <datalist id={`${node.id}-keys`}>
              {env.traitKeys[subject].map((k) => (
                <option key={k.key} value={k.key}>
                  {t('rules.trait.suggestion', { type: t(`rules.types.${k.type}`), count: k.seen })}
                </option>
              ))}
            </datalist>
          </div>
          <div className="field">
            <label htmlFor={`${node.id}-type`}>{t('rules.trait.type')}</label>
            <select id={`${node.id}-type`} value={node.traitType} aria-invalid={issuesAt(issues, 'type').length > 0} onChange={(e) => change({ traitType: e.target.value as ValueType })}>
              {TRAIT_TYPES.map((value) => (
                <option key={value} value={value}>
                  {t(`rules.types.${value}`)}
                </option>
              ))}
            </select>
          </div>
        </>
      )}
      <ComparisonFields id={node.id} draft={node} type={type} issues={issues} onChange={(patch) => change(patch)} />
    </div>
  );
}
