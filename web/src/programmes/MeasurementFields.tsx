import { useTranslation } from 'react-i18next';
import { CARE_OUTCOME_KINDS, MAX_HOLDOUT_PERCENT, type CareOutcome, type CareOutcomeKind, type Reentry } from '../api/care-element';
import { localized, type LifecycleStage } from '../api/lifecycle';
import { FieldIssues } from './FieldIssues';
import { issuesUnder, type ElementIssues } from './element-draft';

interface Props {
  holdoutPercent: number;
  outcome: CareOutcome | null;
  reentry: Reentry;
  stages: readonly LifecycleStage[];
  onChange: (patch: { holdoutPercent?: number; outcome?: CareOutcome | null; reentry?: Reentry }) => void;
  issues: ElementIssues;
}

const numberOf = (text: string) => (text === '' ? Number.NaN : Number(text));
const shown = (value: number) => (Number.isFinite(value) ? value : '');

/** How the element is measured: the control group held out, the outcome compared, and whether a subject may run it again. */
export function MeasurementFields({ holdoutPercent, outcome, reentry, stages, onChange, issues }: Props) {
  const { t, i18n } = useTranslation();
  function changeOutcomeKind(kind: CareOutcomeKind | '') {
    const days = outcome?.days ?? 90;
    if (kind === '') onChange({ outcome: null });
    else if (kind === 'stage_reached') onChange({ outcome: { kind, stage: outcome?.kind === 'stage_reached' ? outcome.stage : (stages[0]?.key ?? ''), days } });
    else onChange({ outcome: { kind, days } });
  }
  return (
    <div className="measurement-fields">
      <div className="form-grid">
        <div className="field">
          <label htmlFor="element-holdout">{t('care.editor.holdout')}</label>
          <input
            id="element-holdout"
            type="number"
            min={0}
            max={MAX_HOLDOUT_PERCENT}
            className="input-short"
            value={shown(holdoutPercent)}
            aria-invalid={issuesUnder(issues, '/holdout_percent').length > 0}
            aria-describedby="element-holdout-help"
            onChange={(e) => onChange({ holdoutPercent: numberOf(e.target.value) })}
          />
          <p className="help" id="element-holdout-help">
            {t('care.editor.holdoutHelp', { max: MAX_HOLDOUT_PERCENT })}
          </p>
        </div>
        <div className="field">
          <label htmlFor="element-outcome">{t('care.editor.outcome')}</label>
          <select id="element-outcome" value={outcome?.kind ?? ''} onChange={(e) => changeOutcomeKind(e.target.value as CareOutcomeKind | '')}>
            <option value="">{t('care.editor.noOutcome')}</option>
            {CARE_OUTCOME_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`care.outcomeKind.${kind}`)}
              </option>
            ))}
          </select>
        </div>
        {outcome?.kind === 'stage_reached' && (
          <div className="field">
            <label htmlFor="element-outcome-stage">{t('care.editor.outcomeStage')}</label>
            <select id="element-outcome-stage" value={outcome.stage} onChange={(e) => onChange({ outcome: { ...outcome, stage: e.target.value } })}>
              {stages.map((stage) => (
                <option key={stage.key} value={stage.key}>
                  {localized(stage.name, i18n.language)}
                </option>
              ))}
            </select>
          </div>
        )}
        {outcome && (
          <div className="field">
            <label htmlFor="element-outcome-days">{t('care.editor.outcomeDays')}</label>
            <input
              id="element-outcome-days"
              type="number"
              min={1}
              className="input-short"
              value={shown(outcome.days)}
              aria-invalid={issuesUnder(issues, '/outcome').length > 0}
              onChange={(e) => onChange({ outcome: { ...outcome, days: numberOf(e.target.value) } })}
            />
          </div>
        )}
        <div className="field">
          <label htmlFor="element-reentry">{t('care.editor.reentry')}</label>
          <select
            id="element-reentry"
            value={reentry.kind}
            onChange={(e) => onChange({ reentry: e.target.value === 'after_days' ? { kind: 'after_days', days: 365 } : { kind: 'once' } })}
          >
            <option value="once">{t('care.editor.reentryOnce')}</option>
            <option value="after_days">{t('care.editor.reentryAfter')}</option>
          </select>
        </div>
        {reentry.kind === 'after_days' && (
          <div className="field">
            <label htmlFor="element-reentry-days">{t('care.editor.reentryDays')}</label>
            <input
              id="element-reentry-days"
              type="number"
              min={1}
              className="input-short"
              value={shown(reentry.days)}
              aria-invalid={issuesUnder(issues, '/reentry').length > 0}
              onChange={(e) => onChange({ reentry: { kind: 'after_days', days: numberOf(e.target.value) } })}
            />
          </div>
        )}
      </div>
      <FieldIssues issues={issues} path="/holdout_percent" />
      <FieldIssues issues={issues} path="/outcome" />
      <FieldIssues issues={issues} path="/reentry" />
    </div>
  );
}
