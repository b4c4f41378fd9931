import { useTranslation } from 'react-i18next';
import type { SubjectType } from '../api/rule';
import type { BuilderEnv } from './builder-env';
import { ContactsFields } from './ContactsFields';
import { EventFields } from './EventFields';
import { IssueList } from './IssueList';
import { JsonFields } from './JsonFields';
import { MetricFields } from './MetricFields';
import { OrdersFields } from './OrdersFields';
import type { DraftCondition } from './rule-draft';
import { SegmentFields } from './SegmentFields';
import { StageFields } from './StageFields';
import { TraitFields } from './TraitFields';

interface Props {
  node: DraftCondition;
  subject: SubjectType;
  /** 1-based position in its group. */
  position: number;
  env: BuilderEnv;
}

/** One condition: its kind's inputs, "not", remove, and the server's issues about it. */
export function ConditionEditor({ node, subject, position, env }: Props) {
  const { t } = useTranslation();
  const issues = env.issues.get(node.id);
  const invalid = (issues?.length ?? 0) > 0;
  return (
    <fieldset className={`rule-condition${invalid ? ' has-issues' : ''}`} aria-describedby={invalid ? `${node.id}-issues` : undefined}>
      <legend>{t('rules.conditionLegend', { n: position, kind: t(`rules.kinds.${node.kind}`) })}</legend>
      <div className="rule-node-tools">
        <label className="check">
          <input type="checkbox" checked={node.negated} onChange={(e) => env.update(node.id, { negated: e.target.checked })} />
          {t('rules.not')}
        </label>
        <button type="button" className="button-quiet" onClick={() => env.remove(node.id)}>
          {t('rules.removeCondition')}
        </button>
      </div>
      {node.kind === 'trait' && <TraitFields node={node} subject={subject} env={env} />}
      {node.kind === 'event' && <EventFields node={node} env={env} />}
      {node.kind === 'orders' && <OrdersFields node={node} env={env} />}
      {node.kind === 'metric' && <MetricFields node={node} env={env} />}
      {node.kind === 'in_segment' && <SegmentFields node={node} subject={subject} env={env} />}
      {node.kind === 'stage_in' && <StageFields node={node} subject={subject} env={env} />}
      {node.kind === 'contacts' && <ContactsFields node={node} env={env} />}
      {node.kind === 'json' && <JsonFields node={node} env={env} />}
      <IssueList id={`${node.id}-issues`} issues={issues} />
    </fieldset>
  );
}
