import { useTranslation } from 'react-i18next';
import { CARE_PHASES, type CarePhase } from '../api/care-element';
import { localized, type LifecycleStage } from '../api/lifecycle';
import type { Segment } from '../api/segments';
import { FieldIssues } from './FieldIssues';
import type { ElementIssues } from './element-draft';

interface Props {
  phase: CarePhase;
  stages: string[];
  segments: string[];
  personas: string[];
  stageOptions: readonly LifecycleStage[];
  segmentOptions: readonly Segment[];
  showPersonas: boolean;
  onChange: (patch: { phase?: CarePhase; stages?: string[]; segments?: string[]; personas?: string[] }) => void;
  issues: ElementIssues;
}

const toggle = (list: readonly string[], value: string, on: boolean) => (on ? [...list.filter((v) => v !== value), value] : list.filter((v) => v !== value));

/** The care phase and the matrix cells: which stages and segments (none ticked = all), and for contacts which personas. */
export function PlacementFields({ phase, stages, segments, personas, stageOptions, segmentOptions, showPersonas, onChange, issues }: Props) {
  const { t, i18n } = useTranslation();
  return (
    <div className="placement-fields">
      <div className="field">
        <label htmlFor="element-phase">{t('care.editor.phase')}</label>
        <select id="element-phase" value={phase} onChange={(e) => onChange({ phase: e.target.value as CarePhase })}>
          {CARE_PHASES.map((value) => (
            <option key={value} value={value}>
              {t(`care.phase.${value}`)}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="choice">
        <legend>{t('care.editor.stages')}</legend>
        {stageOptions.map((stage) => (
          <label key={stage.key} className="check">
            <input type="checkbox" checked={stages.includes(stage.key)} onChange={(e) => onChange({ stages: toggle(stages, stage.key, e.target.checked) })} />
            {localized(stage.name, i18n.language)}
          </label>
        ))}
        <p className="help">{stages.length === 0 ? t('care.editor.allStages') : t('care.editor.someStages', { count: stages.length })}</p>
      </fieldset>
      <FieldIssues issues={issues} path="/placement/stages" />
      <fieldset className="choice">
        <legend>{t('care.editor.segments')}</legend>
        {segmentOptions.length === 0 && <p className="muted">{t('care.editor.noSegments')}</p>}
        {segmentOptions.map((segment) => (
          <label key={segment.key} className="check">
            <input type="checkbox" checked={segments.includes(segment.key)} onChange={(e) => onChange({ segments: toggle(segments, segment.key, e.target.checked) })} />
            {segment.name}
          </label>
        ))}
        <p className="help">{segments.length === 0 ? t('care.editor.allSegments') : t('care.editor.someSegments', { count: segments.length })}</p>
      </fieldset>
      <FieldIssues issues={issues} path="/placement/segments" />
      {showPersonas && (
        <div className="field">
          <label htmlFor="element-personas">{t('care.editor.personas')}</label>
          <input
            id="element-personas"
            defaultValue={personas.join(', ')}
            aria-describedby="element-personas-help"
            onChange={(e) =>
              onChange({
                personas: e.target.value
                  .split(',')
                  .map((p) => p.trim())
                  .filter((p) => p !== ''),
              })
            }
          />
          <p className="help" id="element-personas-help">
            {t('care.editor.personasHelp')}
          </p>
          <FieldIssues issues={issues} path="/placement/personas" />
        </div>
      )}
    </div>
  );
}
