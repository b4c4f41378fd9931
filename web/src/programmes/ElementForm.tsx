import { useCallback, useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import type { CareElement } from '../api/care-element';
import { SUBJECT_TYPES, type SubjectType } from '../api/rule';
import { createCareElement, updateCareElement } from '../api/programmes';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { enumLabel } from '../i18n/enum-label';
import { RuleBuilder } from '../rules/RuleBuilder';
import { emptyGroup, type DraftGroup } from '../rules/rule-draft';
import type { RuleVocabulary } from '../segments/use-rule-vocabulary';
import { keyFromName } from '../segments/segment-key';
import { CustomerPicker } from './CustomerPicker';
import { FieldIssues } from './FieldIssues';
import { LocalizedFields } from './LocalizedFields';
import { MeasurementFields } from './MeasurementFields';
import { PlacementFields } from './PlacementFields';
import { StepList } from './StepList';
import { TriggerFields } from './TriggerFields';
import {
  definitionToDraft,
  draftToDefinition,
  emptyElementDraft,
  NO_ELEMENT_ISSUES,
  placeElementIssues,
  type ElementDraft,
  type ElementIssues,
  type StepDraft,
} from './element-draft';
import type { PreviewCustomer } from './preview-customer';

const KEY_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

interface Props {
  element?: CareElement;
  vocabulary: RuleVocabulary;
  webhookEndpoints: readonly string[];
  onSaved: (element: CareElement) => void;
}

/**
 * A care element, new or edited: what it is, where it sits in the matrix, its trigger and
 * conditions, its steps (an email's preview for a chosen customer in both languages) and how
 * it is measured. The server checks everything on save; its issues are shown where they are.
 */
export function ElementForm({ element, vocabulary, webhookEndpoints, onSaved }: Props) {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const isNew = !element;
  const [subject, setSubject] = useState<SubjectType>(element?.subject_type ?? 'account');
  const [key, setKey] = useState(element?.key ?? '');
  const [keyTouched, setKeyTouched] = useState(!isNew);
  const [draft, setDraft] = useState<ElementDraft>(() => (element ? definitionToDraft(element.definition, element.subject_type) : emptyElementDraft()));
  const [customer, setCustomer] = useState<PreviewCustomer | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [issues, setIssues] = useState<ElementIssues>(NO_ELEMENT_ISSUES);
  const [keyError, setKeyError] = useState<string | null>(null);
  const [savedVersion, setSavedVersion] = useState<number | null>(null);
  // The version this form edits: after a save, the next save builds on it.
  const [baseVersion, setBaseVersion] = useState(element?.version ?? 0);

  const stages = vocabulary.stages[subject];
  const segments = useMemo(() => vocabulary.segments.filter((segment) => segment.subject_type === subject), [vocabulary.segments, subject]);
  const patch = (change: Partial<ElementDraft>) => {
    setDraft((current) => ({ ...current, ...change }));
    setSavedVersion(null);
  };
  const changeConditions = useCallback((update: (root: DraftGroup) => DraftGroup) => {
    setDraft((current) => ({ ...current, conditions: update(current.conditions) }));
    setSavedVersion(null);
  }, []);
  const changeSteps = useCallback((update: (steps: StepDraft[]) => StepDraft[]) => {
    setDraft((current) => ({ ...current, steps: update(current.steps) }));
    setSavedVersion(null);
  }, []);

  function changeSubject(value: SubjectType) {
    // Stages, segments and rules differ per subject type: start those over.
    setSubject(value);
    setDraft((current) => ({ ...current, stages: [], segments: [], personas: [], conditions: emptyGroup(), trigger: { kind: 'stage_entered', stage: '' } }));
  }

  function changeName(name: ElementDraft['name']) {
    patch({ name });
    if (!keyTouched) setKey(keyFromName(name.en || name.fi));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (isNew && !KEY_PATTERN.test(key)) {
      setKeyError(t('care.editor.keyInvalid'));
      return;
    }
    setKeyError(null);
    setSaving(true);
    setSaveError(null);
    const built = draftToDefinition(draft, subject);
    try {
      const saved = element
        ? await updateCareElement(api, element.id, { definition: built.definition, expected_version: baseVersion })
        : await createCareElement(api, { key, subject_type: subject, definition: built.definition });
      setIssues(NO_ELEMENT_ISSUES);
      setSavedVersion(saved.version);
      setBaseVersion(saved.version);
      onSaved(saved);
      if (isNew) navigate(`/care/elements/${saved.id}`, { replace: true });
    } catch (error) {
      setSaveError(error);
      if (error instanceof ApiError) {
        const placed = placeElementIssues(error.problem.errors ?? [], built, '/definition');
        setIssues(placed);
        const keyIssue = placed.byPath.get('/key');
        if (keyIssue) setKeyError(keyIssue.join(' '));
      }
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="element-form" onSubmit={submit} noValidate>
      <section className="card" aria-labelledby="element-details-heading">
        <h2 id="element-details-heading">{t('care.editor.details')}</h2>
        <LocalizedFields id="element-name" label={t('care.editor.name')} value={draft.name} onChange={changeName} path="/name" issues={issues} />
        <div className="form-grid">
          <div className="field">
            <label htmlFor="element-key">{t('care.editor.key')}</label>
            <input
              id="element-key"
              value={key}
              readOnly={!isNew}
              spellCheck={false}
              aria-invalid={keyError !== null}
              aria-describedby="element-key-help"
              onChange={(e) => {
                setKey(e.target.value);
                setKeyTouched(true);
              }}
            />
            <p className="help" id="element-key-help">
              {isNew ? t('care.editor.keyHelp') : t('care.editor.keyFixed')}
            </p>
            {keyError && <p className="field-error">{keyError}</p>}
          </div>
          <fieldset className="choice" disabled={!isNew}>
            <legend>{t('care.editor.subject')}</legend>
            {SUBJECT_TYPES.map((value) => (
              <label key={value} className="check">
                <input type="radio" name="element-subject" value={value} checked={subject === value} onChange={() => changeSubject(value)} />
                {enumLabel(t, 'subjectTypePlural', value)}
              </label>
            ))}
          </fieldset>
        </div>
        <LocalizedFields
          id="element-description"
          label={t('care.editor.description')}
          value={draft.description}
          multiline
          rows={2}
          onChange={(description) => patch({ description })}
          path="/description"
          issues={issues}
        />
      </section>

      <section className="card" aria-labelledby="element-placement-heading">
        <h2 id="element-placement-heading">{t('care.editor.placement')}</h2>
        <PlacementFields
          phase={draft.phase}
          stages={draft.stages}
          segments={draft.segments}
          personas={draft.personas}
          stageOptions={stages}
          segmentOptions={segments}
          showPersonas={subject === 'contact'}
          onChange={patch}
          issues={issues}
        />
      </section>

      <section className="card" aria-labelledby="element-trigger-heading">
        <h2 id="element-trigger-heading">{t('care.editor.trigger.heading')}</h2>
        <TriggerFields trigger={draft.trigger} onChange={(trigger) => patch({ trigger })} stages={stages} segments={segments} eventNames={vocabulary.eventNames} issues={issues} />
      </section>

      <section className="card" aria-labelledby="element-conditions-heading">
        <h2 id="element-conditions-heading">{t('care.editor.conditions')}</h2>
        <p className="help">{t('care.editor.conditionsHelp')}</p>
        {vocabulary.error !== null && <ErrorAlert error={vocabulary.error} onRetry={vocabulary.reload} />}
        <RuleBuilder
          subject={subject}
          root={draft.conditions}
          onChange={changeConditions}
          issues={issues.byNode}
          segments={vocabulary.segments}
          stages={vocabulary.stages}
          eventNames={vocabulary.eventNames}
          selfKey={null}
        />
      </section>

      <section className="card" aria-labelledby="element-steps-heading">
        <h2 id="element-steps-heading">{t('care.editor.steps')}</h2>
        <p className="help">{t('care.editor.stepsHelp')}</p>
        <CustomerPicker value={customer} onChange={setCustomer} />
        <FieldIssues issues={issues} path="/steps" exact />
        <StepList
          subject={subject}
          steps={draft.steps}
          onChange={changeSteps}
          issues={issues}
          segments={vocabulary.segments}
          stages={vocabulary.stages}
          eventNames={vocabulary.eventNames}
          webhookEndpoints={webhookEndpoints}
          customer={customer}
        />
      </section>

      <section className="card" aria-labelledby="element-measure-heading">
        <h2 id="element-measure-heading">{t('care.editor.measurement')}</h2>
        <p className="help">{t('care.editor.measurementHelp')}</p>
        <MeasurementFields
          holdoutPercent={draft.holdoutPercent}
          outcome={draft.outcome}
          reentry={draft.reentry}
          stages={stages}
          onChange={(change) => patch(change)}
          issues={issues}
        />
      </section>

      {saveError !== null && <ErrorAlert error={saveError} />}
      {savedVersion !== null && (
        <p className="alert alert-success" role="status">
          {t('care.editor.saved', { version: savedVersion })}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={saving}>
          {saving ? t('care.editor.saving') : isNew ? t('care.editor.create') : t('care.editor.save')}
        </button>
        <button type="button" className="button-quiet" onClick={() => navigate('/care')}>
          {t('care.editor.backToMatrix')}
        </button>
      </div>
    </form>
  );
}
