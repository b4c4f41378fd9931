import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CARE_STEP_KINDS, type CareStep, type CareStepKind } from '../api/care-element';
import type { LifecycleStage } from '../api/lifecycle';
import type { SubjectType } from '../api/rule';
import type { Segment } from '../api/segments';
import { RuleBuilder } from '../rules/RuleBuilder';
import type { DraftGroup } from '../rules/rule-draft';
import { EmailPreview } from './EmailPreview';
import { FieldIssues } from './FieldIssues';
import { moveStep, newStep, newStepId, type ElementIssues, type StepDraft } from './element-draft';
import type { PreviewCustomer } from './preview-customer';
import { StepFields } from './StepFields';

interface Props {
  subject: SubjectType;
  steps: StepDraft[];
  onChange: (update: (steps: StepDraft[]) => StepDraft[]) => void;
  issues: ElementIssues;
  segments: readonly Segment[];
  stages: Readonly<Record<SubjectType, readonly LifecycleStage[]>>;
  eventNames: readonly string[];
  webhookEndpoints: readonly string[];
  customer: PreviewCustomer | null;
}

/** The element's steps in order: add, move, remove, and each kind's fields (an email's preview; a branch's condition). */
export function StepList({ subject, steps, onChange, issues, segments, stages, eventNames, webhookEndpoints, customer }: Props) {
  const { t } = useTranslation();
  const [adding, setAdding] = useState<CareStepKind>('email');
  const label = (step: CareStep, index: number) => t('care.editor.step.label', { n: index + 1, kind: t(`care.stepKind.${step.kind}`) });
  const replace = (index: number, step: CareStep) => onChange((current) => current.map((entry, i) => (i === index ? { ...entry, step } : entry)));
  const changeCondition = useCallback(
    (index: number) => (update: (root: DraftGroup) => DraftGroup) =>
      onChange((current) => current.map((entry, i) => (i === index && entry.condition ? { ...entry, condition: update(entry.condition) } : entry))),
    [onChange],
  );
  return (
    <div className="step-list">
      {steps.length === 0 ? (
        <p className="muted">{t('care.editor.step.none')}</p>
      ) : (
        <ol className="step-cards">
          {steps.map((entry, index) => {
            const { step } = entry;
            const later = steps.slice(index + 1).map((other, offset) => ({ id: other.step.id, label: label(other.step, index + 1 + offset) }));
            return (
              <li key={step.id}>
                <section className={`card step-card step-${step.kind}`} aria-label={label(step, index)}>
                  <div className="step-head">
                    <h3>{label(step, index)}</h3>
                    <code className="step-id" title={t('care.editor.step.idTitle')}>
                      {step.id}
                    </code>
                    <div className="step-tools">
                      <button type="button" className="button-quiet" disabled={index === 0} onClick={() => onChange((current) => moveStep(current, index, -1))}>
                        {t('care.editor.step.up')}
                      </button>
                      <button type="button" className="button-quiet" disabled={index === steps.length - 1} onClick={() => onChange((current) => moveStep(current, index, 1))}>
                        {t('care.editor.step.down')}
                      </button>
                      <button type="button" className="button-quiet" onClick={() => onChange((current) => current.filter((_, i) => i !== index))}>
                        {t('care.editor.step.remove')}
                      </button>
                    </div>
                  </div>
                  <StepFields
                    step={step}
                    index={index}
                    subject={subject}
                    onChange={(next) => replace(index, next)}
                    later={later}
                    segments={segments}
                    webhookEndpoints={webhookEndpoints}
                    issues={issues}
                  />
                  {step.kind === 'branch' && entry.condition && (
                    <div className="branch-condition">
                      <p className="help">{t('care.editor.step.branchHelp')}</p>
                      <RuleBuilder
                        subject={subject}
                        root={entry.condition}
                        onChange={changeCondition(index)}
                        issues={issues.byNode}
                        segments={segments}
                        stages={stages}
                        eventNames={eventNames}
                        selfKey={null}
                      />
                    </div>
                  )}
                  {step.kind === 'email' && <EmailPreview stepId={step.id} kind="email" purpose={step.purpose} template={step.template} customer={customer} />}
                  {step.kind === 'survey' && <EmailPreview stepId={step.id} kind="survey" template={step.template} customer={customer} />}
                  <FieldIssues issues={issues} path={`/steps/${index}`} />
                </section>
              </li>
            );
          })}
        </ol>
      )}
      <div className="rule-add">
        <div className="field field-inline">
          <label htmlFor="step-add-kind">{t('care.editor.step.newKind')}</label>
          <select id="step-add-kind" value={adding} onChange={(e) => setAdding(e.target.value as CareStepKind)}>
            {CARE_STEP_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`care.stepKind.${kind}`)}
              </option>
            ))}
          </select>
        </div>
        <button type="button" onClick={() => onChange((current) => [...current, newStep(adding, newStepId(current.map((entry) => entry.step.id)))])}>
          {t('care.editor.step.add')}
        </button>
      </div>
    </div>
  );
}
