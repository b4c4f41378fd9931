import { useTranslation } from 'react-i18next';
import { BUYING_ROLES, MESSAGE_PURPOSES, type CareStep, type MessagePurpose, type RecipientFilter } from '../api/care-element';
import type { SubjectType } from '../api/rule';
import type { Segment } from '../api/segments';
import { enumLabel } from '../i18n/enum-label';
import { DelayFields } from './DelayFields';
import { issuesUnder, type ElementIssues } from './element-draft';
import { LocalizedFields } from './LocalizedFields';
import { PersonaVariants } from './PersonaVariants';

interface Props {
  step: CareStep;
  index: number;
  subject: SubjectType;
  onChange: (step: CareStep) => void;
  /** The ids of the steps after this one (branch targets). */
  later: readonly { id: string; label: string }[];
  segments: readonly Segment[];
  webhookEndpoints: readonly string[];
  issues: ElementIssues;
}

/** Variables a template may use, shown as written in Liquid. */
const LIQUID_EXAMPLES = ['contact.first_name', 'account.name', 'sender.name', 'metrics.clv'].map((name) => `{{ ${name} }}`).join(', ');

function splitWords(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** The inputs of one step, by its kind (email and survey templates, task, webhook, wait, list, branch targets). */
export function StepFields({ step, index, subject, onChange, later, segments, webhookEndpoints, issues }: Props) {
  const { t } = useTranslation();
  const base = `/steps/${index}`;
  const id = `step-${step.id}`;
  const invalid = (field: string) => issuesUnder(issues, `${base}/${field}`).length > 0;

  if (step.kind === 'email' || step.kind === 'survey') {
    const to = step.to ?? {};
    const changeTo = (patch: Partial<RecipientFilter>) => {
      const next = { ...to, ...patch };
      if (!next.roles?.length) delete next.roles;
      if (!next.personas?.length) delete next.personas;
      const { to: _old, ...rest } = step;
      onChange(Object.keys(next).length === 0 ? rest : { ...rest, to: next });
    };
    return (
      <div className="step-fields">
        {step.kind === 'email' && (
          <div className="field">
            <label htmlFor={`${id}-purpose`}>{t('care.editor.step.purpose')}</label>
            <select id={`${id}-purpose`} value={step.purpose} aria-describedby={`${id}-purpose-help`} onChange={(e) => onChange({ ...step, purpose: e.target.value as MessagePurpose })}>
              {MESSAGE_PURPOSES.map((purpose) => (
                <option key={purpose} value={purpose}>
                  {t(`care.purpose.${purpose}`)}
                </option>
              ))}
            </select>
            <p className="help" id={`${id}-purpose-help`}>
              {t('care.editor.step.purposeHelp')}
            </p>
          </div>
        )}
        {step.kind === 'survey' && <p className="help">{t('care.editor.step.surveyHelp')}</p>}
        <LocalizedFields
          id={`${id}-subject`}
          label={t('care.editor.step.subject')}
          value={step.template.subject}
          onChange={(subjectText) => onChange({ ...step, template: { ...step.template, subject: subjectText } })}
          path={`${base}/template/subject`}
          issues={issues}
          listIssues={false}
        />
        <LocalizedFields
          id={`${id}-body`}
          label={t('care.editor.step.body')}
          help={t(step.kind === 'survey' ? 'care.editor.step.surveyBodyHelp' : 'care.editor.step.bodyHelp', { variables: LIQUID_EXAMPLES, surveyUrl: '{{ survey_url }}' })}
          value={step.template.body}
          multiline
          onChange={(body) => onChange({ ...step, template: { ...step.template, body } })}
          path={`${base}/template/body`}
          issues={issues}
          listIssues={false}
        />
        <PersonaVariants id={id} template={step.template} onChange={(template) => onChange({ ...step, template })} path={`${base}/template`} issues={issues} />
        {subject === 'account' && (
          <fieldset className="choice">
            <legend>{t('care.editor.step.recipients')}</legend>
            {BUYING_ROLES.map((role) => (
              <label key={role} className="check">
                <input
                  type="checkbox"
                  checked={to.roles?.includes(role) ?? false}
                  onChange={(e) => changeTo({ roles: e.target.checked ? [...(to.roles ?? []), role] : (to.roles ?? []).filter((r) => r !== role) })}
                />
                {enumLabel(t, 'buyingRole', role)}
              </label>
            ))}
            <p className="help">{t('care.editor.step.recipientsHelp')}</p>
          </fieldset>
        )}
        <div className="field">
          <label htmlFor={`${id}-personas`}>{t('care.editor.step.personas')}</label>
          <input id={`${id}-personas`} defaultValue={(to.personas ?? []).join(', ')} onChange={(e) => changeTo({ personas: splitWords(e.target.value) })} />
        </div>
      </div>
    );
  }

  if (step.kind === 'task') {
    const assigneeUser = typeof step.assignee === 'object' ? step.assignee.user : '';
    return (
      <div className="step-fields">
        <LocalizedFields
          id={`${id}-title`}
          label={t('care.editor.step.taskTitle')}
          value={step.title}
          onChange={(title) => onChange({ ...step, title })}
          path={`${base}/title`}
          issues={issues}
          listIssues={false}
        />
        <LocalizedFields
          id={`${id}-task-body`}
          label={t('care.editor.step.taskBody')}
          value={step.body ?? { fi: '', en: '' }}
          multiline
          rows={3}
          onChange={(body) => onChange({ ...step, body })}
          path={`${base}/body`}
          issues={issues}
          listIssues={false}
        />
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-due`}>{t('care.editor.step.dueInDays')}</label>
            <input
              id={`${id}-due`}
              type="number"
              min={0}
              className="input-short"
              value={Number.isFinite(step.due_in_days) ? step.due_in_days : ''}
              aria-invalid={invalid('due_in_days')}
              onChange={(e) => onChange({ ...step, due_in_days: e.target.value === '' ? Number.NaN : Number(e.target.value) })}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-assignee`}>{t('care.editor.step.assignee')}</label>
            <select
              id={`${id}-assignee`}
              value={typeof step.assignee === 'object' ? 'user' : 'account_owner'}
              onChange={(e) => onChange({ ...step, assignee: e.target.value === 'user' ? { user: assigneeUser } : 'account_owner' })}
            >
              <option value="account_owner">{t('care.editor.step.accountOwner')}</option>
              <option value="user">{t('care.editor.step.namedUser')}</option>
            </select>
          </div>
          {typeof step.assignee === 'object' && (
            <div className="field">
              <label htmlFor={`${id}-user`}>{t('care.editor.step.user')}</label>
              <input id={`${id}-user`} value={assigneeUser} aria-invalid={invalid('assignee')} onChange={(e) => onChange({ ...step, assignee: { user: e.target.value } })} />
            </div>
          )}
        </div>
      </div>
    );
  }

  if (step.kind === 'webhook') {
    return (
      <div className="step-fields form-grid">
        <div className="field">
          <label htmlFor={`${id}-endpoint`}>{t('care.editor.step.endpoint')}</label>
          <input id={`${id}-endpoint`} list={`${id}-endpoints`} value={step.endpoint} aria-invalid={invalid('endpoint')} onChange={(e) => onChange({ ...step, endpoint: e.target.value })} />
          <datalist id={`${id}-endpoints`}>
            {webhookEndpoints.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
          <p className="help">{t('care.editor.step.endpointHelp')}</p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-event-type`}>{t('care.editor.step.eventType')}</label>
          <input id={`${id}-event-type`} value={step.event_type} aria-invalid={invalid('event_type')} spellCheck={false} onChange={(e) => onChange({ ...step, event_type: e.target.value })} />
        </div>
      </div>
    );
  }

  if (step.kind === 'wait') {
    return (
      <div className="step-fields">
        <DelayFields id={`${id}-delay`} legend={t('care.editor.step.wait')} value={step.delay} invalid={invalid('delay')} onChange={(delay) => onChange({ ...step, delay: delay ?? {} })} />
      </div>
    );
  }

  if (step.kind === 'list_add' || step.kind === 'list_remove') {
    const lists = segments.filter((segment) => segment.kind === 'static' && segment.subject_type === subject);
    return (
      <div className="step-fields">
        <div className="field">
          <label htmlFor={`${id}-segment`}>{t('care.editor.step.list')}</label>
          <select id={`${id}-segment`} value={step.segment} aria-invalid={invalid('segment')} onChange={(e) => onChange({ ...step, segment: e.target.value })}>
            <option value="">{t('care.editor.choose')}</option>
            {lists.map((segment) => (
              <option key={segment.key} value={segment.key}>
                {segment.name}
              </option>
            ))}
          </select>
          <p className="help">{t('care.editor.step.listHelp')}</p>
        </div>
      </div>
    );
  }

  if (step.kind !== 'branch') return null;
  // branch: the condition is edited by the caller (rule builder); here the two targets.
  const target = (value: string | null, field: 'then' | 'else') => (
    <div className="field">
      <label htmlFor={`${id}-${field}`}>{t(`care.editor.step.${field}`)}</label>
      <select
        id={`${id}-${field}`}
        value={value ?? ''}
        aria-invalid={invalid(field)}
        onChange={(e) => onChange({ ...step, [field]: e.target.value === '' ? null : e.target.value } as CareStep)}
      >
        <option value="">{t('care.editor.step.endRun')}</option>
        {later.map((entry) => (
          <option key={entry.id} value={entry.id}>
            {entry.label}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <div className="step-fields form-grid">
      {target(step.then, 'then')}
      {target(step.else, 'else')}
    </div>
  );
}
