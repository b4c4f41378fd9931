import { useCallback, useMemo, useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/api-error';
import { SUBJECT_TYPES, type SubjectType } from '../api/rule';
import { createSegment, SEGMENT_KEY_PATTERN, SEGMENT_KINDS, updateSegment, type SegmentDetail, type SegmentKind } from '../api/segments';
import { useApi } from '../auth/auth-context';
import { ErrorAlert } from '../common/ErrorAlert';
import { enumLabel } from '../i18n/enum-label';
import { RuleBuilder } from '../rules/RuleBuilder';
import { draftToRule, emptyGroup, hasConditions, type BuiltRule, type DraftGroup } from '../rules/rule-draft';
import { ruleToDraft, sameJson } from '../rules/rule-to-draft';
import { placeIssues } from '../rules/rule-issues';
import { PreviewPanel } from './PreviewPanel';
import { keyFromName } from './segment-key';
import { useRuleVocabulary } from './use-rule-vocabulary';
import { useSegmentPreview } from './use-segment-preview';

type FieldName = 'name' | 'key' | 'description';
const FIELDS: readonly FieldName[] = ['name', 'key', 'description'];

/**
 * A new segment, or the edit of one (`segment`): name, key, subject type and kind, and for a
 * dynamic segment the rule builder with its live count. The server checks everything again on
 * save; its issues are shown next to the field or condition they name.
 */
export function SegmentForm({ segment }: { segment?: SegmentDetail }) {
  const { t } = useTranslation();
  const api = useApi();
  const navigate = useNavigate();
  const vocabulary = useRuleVocabulary();
  const isNew = !segment;
  const [name, setName] = useState(segment?.name ?? '');
  const [key, setKey] = useState(segment?.key ?? '');
  const [keyTouched, setKeyTouched] = useState(!isNew);
  const [description, setDescription] = useState(segment?.description ?? '');
  const [subject, setSubject] = useState<SubjectType>(segment?.subject_type ?? 'account');
  const [kind, setKind] = useState<SegmentKind>(segment?.kind ?? 'dynamic');
  const [root, setRoot] = useState<DraftGroup>(() => (segment?.rule ? ruleToDraft(segment.rule, segment.subject_type) : emptyGroup()));
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [saveRefused, setSaveRefused] = useState<BuiltRule | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<FieldName, string>>>({});

  const built = useMemo(() => (kind === 'dynamic' ? draftToRule(root, subject) : null), [kind, root, subject]);
  const countable = built !== null && hasConditions(root);
  const keyForCycles = SEGMENT_KEY_PATTERN.test(key) ? key : null;
  const preview = useSegmentPreview(subject, countable ? built : null, keyForCycles);

  const changeRule = useCallback((update: (root: DraftGroup) => DraftGroup) => {
    setRoot(update);
    setSaveRefused(null);
  }, []);

  const issues = useMemo(() => {
    if (saveRefused && saveError instanceof ApiError) return placeIssues(saveError.problem.errors ?? [], saveRefused.paths).byNode;
    if (preview.refused && preview.error instanceof ApiError) return placeIssues(preview.error.problem.errors ?? [], preview.refused.paths).byNode;
    return new Map();
  }, [saveRefused, saveError, preview.refused, preview.error]);

  function changeName(value: string) {
    setName(value);
    if (!keyTouched) setKey(keyFromName(value));
  }

  function changeSubject(value: SubjectType) {
    // The fields, stages and segments a rule may name depend on the subject type.
    setSubject(value);
    setRoot(emptyGroup());
    setSaveRefused(null);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const errors: Partial<Record<FieldName, string>> = {};
    if (name.trim() === '') errors.name = t('segments.form.nameRequired');
    if (isNew && !SEGMENT_KEY_PATTERN.test(key)) errors.key = t('segments.form.keyInvalid');
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    setSaving(true);
    setSaveError(null);
    setSaveRefused(null);
    const text = description.trim() === '' ? null : description.trim();
    try {
      let id: number;
      if (segment) {
        const ruleChanged = built !== null && !sameJson(built.rule, segment.rule);
        const saved = await updateSegment(api, segment.id, { name: name.trim(), description: text, ...(ruleChanged && built ? { rule: built.rule } : {}) });
        id = saved.id;
      } else {
        const saved = await createSegment(api, { key, name: name.trim(), description: text, subject_type: subject, kind, ...(built ? { rule: built.rule } : {}) });
        id = saved.id;
      }
      navigate(`/segments/${id}`);
    } catch (error) {
      setSaveError(error);
      setSaveRefused(built ?? { rule: { all: [] }, paths: new Map() });
      if (error instanceof ApiError) {
        const other = placeIssues(error.problem.errors ?? [], built?.paths ?? new Map()).other;
        const named: Partial<Record<FieldName, string>> = {};
        for (const issue of other) {
          const field = FIELDS.find((f) => issue.path === `/${f}`);
          if (field) named[field] = issue.message;
        }
        setFieldErrors(named);
      }
    } finally {
      setSaving(false);
    }
  }

  const fieldError = (field: FieldName) =>
    fieldErrors[field] ? (
      <p className="field-error" id={`segment-${field}-error`}>
        {fieldErrors[field]}
      </p>
    ) : null;

  return (
    <form className="segment-form" onSubmit={submit} noValidate>
      <div className="segment-form-main">
        <section className="card" aria-labelledby="segment-details-heading">
          <h2 id="segment-details-heading">{t('segments.form.details')}</h2>
          <div className="form-grid">
            <div className="field">
              <label htmlFor="segment-name">{t('segments.form.name')}</label>
              <input
                id="segment-name"
                value={name}
                maxLength={200}
                aria-invalid={!!fieldErrors.name}
                aria-describedby={fieldErrors.name ? 'segment-name-error' : undefined}
                onChange={(e) => changeName(e.target.value)}
              />
              {fieldError('name')}
            </div>
            <div className="field">
              <label htmlFor="segment-key">{t('segments.form.key')}</label>
              <input
                id="segment-key"
                value={key}
                readOnly={!isNew}
                aria-invalid={!!fieldErrors.key}
                aria-describedby={`segment-key-help${fieldErrors.key ? ' segment-key-error' : ''}`}
                spellCheck={false}
                onChange={(e) => {
                  setKey(e.target.value);
                  setKeyTouched(true);
                }}
              />
              <p className="help" id="segment-key-help">
                {isNew ? t('segments.form.keyHelp') : t('segments.form.keyFixed')}
              </p>
              {fieldError('key')}
            </div>
          </div>
          <div className="field">
            <label htmlFor="segment-description">{t('segments.form.description')}</label>
            <textarea
              id="segment-description"
              rows={2}
              maxLength={2000}
              value={description}
              aria-invalid={!!fieldErrors.description}
              onChange={(e) => setDescription(e.target.value)}
            />
            {fieldError('description')}
          </div>
          <div className="form-grid">
            <fieldset className="choice" disabled={!isNew}>
              <legend>{t('segments.form.subject')}</legend>
              {SUBJECT_TYPES.map((value) => (
                <label key={value} className="check">
                  <input type="radio" name="segment-subject" value={value} checked={subject === value} onChange={() => changeSubject(value)} />
                  {enumLabel(t, 'subjectTypePlural', value)}
                </label>
              ))}
            </fieldset>
            <fieldset className="choice" disabled={!isNew}>
              <legend>{t('segments.form.kind')}</legend>
              {SEGMENT_KINDS.map((value) => (
                <label key={value} className="check">
                  <input type="radio" name="segment-kind" value={value} checked={kind === value} onChange={() => setKind(value)} />
                  {t(`segments.form.kinds.${value}`)}
                </label>
              ))}
            </fieldset>
          </div>
        </section>
        {kind === 'dynamic' ? (
          <section className="card" aria-labelledby="segment-rule-heading">
            <h2 id="segment-rule-heading">{t('segments.form.rule')}</h2>
            <p className="help">{t('segments.form.ruleHelp')}</p>
            {vocabulary.error !== null && <ErrorAlert error={vocabulary.error} onRetry={vocabulary.reload} />}
            <RuleBuilder
              subject={subject}
              root={root}
              onChange={changeRule}
              issues={issues}
              segments={vocabulary.segments}
              stages={vocabulary.stages}
              eventNames={vocabulary.eventNames}
              selfKey={keyForCycles}
            />
          </section>
        ) : (
          <p className="alert alert-info">{t('segments.form.staticHelp')}</p>
        )}
        {saveError !== null && <ErrorAlert error={saveError} />}
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={saving}>
            {saving ? t('segments.form.saving') : isNew ? t('segments.form.create') : t('segments.form.save')}
          </button>
          <button type="button" className="button-quiet" onClick={() => navigate(segment ? `/segments/${segment.id}` : '/segments')}>
            {t('segments.form.cancel')}
          </button>
        </div>
      </div>
      {kind === 'dynamic' && (
        <aside className="segment-form-side">
          <PreviewPanel state={preview} subject={subject} empty={!countable} />
        </aside>
      )}
    </form>
  );
}
