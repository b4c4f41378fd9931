import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SubjectType } from '../api/rule';
import type { BuilderEnv } from './builder-env';
import { ConditionEditor } from './ConditionEditor';
import { IssueList } from './IssueList';
import { CONDITION_KINDS, newCondition, type ConditionKind, type DraftGroup } from './rule-draft';

interface Props {
  node: DraftGroup;
  subject: SubjectType;
  env: BuilderEnv;
  /** root: the whole rule; nested: a group inside a group (position given); contacts: the contact rule of a contacts condition. */
  role: 'root' | 'nested' | 'contacts';
  position?: number;
}

/** A group of conditions that must all (AND) or any (OR) hold, maybe negated, with its members and "add". */
export function GroupEditor({ node, subject, env, role, position = 1 }: Props) {
  const { t } = useTranslation();
  function change(patch: Partial<DraftGroup>) {
    env.update<DraftGroup>(node.id, patch);
  }
  const [adding, setAdding] = useState<ConditionKind | 'group'>('trait');
  const kinds = CONDITION_KINDS.filter((kind) => kind !== 'contacts' || subject === 'account');
  const issues = env.issues.get(node.id);
  const legend = role === 'root' ? t('rules.rootLegend') : role === 'contacts' ? t('rules.contactRule') : t('rules.groupLegend', { n: position });
  function add() {
    const firstSegment = env.segments.find((segment) => segment.subject_type === subject && segment.key !== env.selfKey);
    env.append(node.id, newCondition(adding, subject, firstSegment ? { segmentKey: firstSegment.key } : {}));
  }
  return (
    <fieldset className={`rule-group rule-group-${role}`}>
      <legend>{legend}</legend>
      <div className="rule-node-tools">
        <div className="field field-inline">
          <label htmlFor={`${node.id}-combinator`}>{t('rules.match')}</label>
          <select id={`${node.id}-combinator`} value={node.combinator} onChange={(e) => change({ combinator: e.target.value as 'all' | 'any' })}>
            <option value="all">{t('rules.all')}</option>
            <option value="any">{t('rules.any')}</option>
          </select>
        </div>
        <label className="check">
          <input type="checkbox" checked={node.negated} onChange={(e) => env.update(node.id, { negated: e.target.checked })} />
          {t('rules.notGroup')}
        </label>
        {role === 'nested' && (
          <button type="button" className="button-quiet" onClick={() => env.remove(node.id)}>
            {t('rules.removeGroup')}
          </button>
        )}
      </div>
      <IssueList id={`${node.id}-issues`} issues={issues} />
      {node.children.length === 0 ? (
        <p className="muted">{role === 'contacts' ? t('rules.emptyContactRule') : t('rules.emptyGroup')}</p>
      ) : (
        <ol className="rule-children">
          {node.children.map((child, index) => (
            <li key={child.id}>
              {child.kind === 'group' ? (
                <GroupEditor node={child} subject={subject} env={env} role="nested" position={index + 1} />
              ) : (
                <ConditionEditor node={child} subject={subject} position={index + 1} env={env} />
              )}
            </li>
          ))}
        </ol>
      )}
      <div className="rule-add">
        <div className="field field-inline">
          <label htmlFor={`${node.id}-add`}>{t('rules.newKind')}</label>
          <select id={`${node.id}-add`} value={adding} onChange={(e) => setAdding(e.target.value as ConditionKind | 'group')}>
            {kinds.map((kind) => (
              <option key={kind} value={kind}>
                {t(`rules.kinds.${kind}`)}
              </option>
            ))}
            <option value="group">{t('rules.kinds.group')}</option>
          </select>
        </div>
        <button type="button" onClick={add}>
          {t('rules.add')}
        </button>
      </div>
    </fieldset>
  );
}
