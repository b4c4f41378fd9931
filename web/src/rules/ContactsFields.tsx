import { useTranslation } from 'react-i18next';
import type { BuilderEnv } from './builder-env';
import { ComparisonFields } from './ComparisonFields';
import { GroupEditor } from './GroupEditor';
import type { DraftContacts } from './rule-draft';
import { issuesAt } from './rule-issues';

const QUANTIFIERS = ['any', 'all', 'none', 'count'] as const;

/** Accounts only: any, all, none or a number of the account's contacts match a contact rule. */
export function ContactsFields({ node, env }: { node: DraftContacts; env: BuilderEnv }) {
  const { t } = useTranslation();
  function change(patch: Partial<DraftContacts>) {
    env.update<DraftContacts>(node.id, patch);
  }
  const issues = env.issues.get(node.id);
  return (
    <div className="rule-contacts">
      <div className="rule-fields">
        <div className="field">
          <label htmlFor={`${node.id}-quantifier`}>{t('rules.contacts.quantifier')}</label>
          <select
            id={`${node.id}-quantifier`}
            value={node.quantifier}
            aria-invalid={issuesAt(issues, 'contacts').length > 0}
            onChange={(e) => change({ quantifier: e.target.value as DraftContacts['quantifier'] })}
          >
            {QUANTIFIERS.map((quantifier) => (
              <option key={quantifier} value={quantifier}>
                {t(`rules.contacts.quantifiers.${quantifier}`)}
              </option>
            ))}
          </select>
        </div>
        {node.quantifier === 'count' && (
          <ComparisonFields
            id={node.id}
            draft={node}
            type="number"
            noPresence
            field="contacts/count"
            issues={issues}
            onChange={(patch) => change(patch)}
          />
        )}
      </div>
      <GroupEditor node={node.where} subject="contact" env={env} role="contacts" />
    </div>
  );
}
