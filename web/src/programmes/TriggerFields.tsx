import { useTranslation } from 'react-i18next';
import { CARE_TRIGGER_KINDS, type AnniversaryOf, type CareTrigger, type CareTriggerKind, type PropertyFilter } from '../api/care-element';
import { localized, type LifecycleStage } from '../api/lifecycle';
import type { Segment } from '../api/segments';
import { DelayFields, numberOrUndefined } from './DelayFields';
import { FieldIssues } from './FieldIssues';
import { issuesUnder, type ElementIssues } from './element-draft';

interface Props {
  trigger: CareTrigger;
  onChange: (trigger: CareTrigger) => void;
  stages: readonly LifecycleStage[];
  segments: readonly Segment[];
  eventNames: readonly string[];
  issues: ElementIssues;
}

/** A trigger of another kind, keeping what carries over (the delay). */
export function changeTriggerKind(trigger: CareTrigger, kind: CareTriggerKind, firstStage: string, firstSegment: string): CareTrigger {
  const delay = 'delay' in trigger && trigger.delay ? { delay: trigger.delay } : {};
  switch (kind) {
    case 'stage_entered':
    case 'stage_exited':
      return { kind, stage: 'stage' in trigger ? trigger.stage : firstStage, ...delay };
    case 'segment_entered':
    case 'segment_exited':
      return { kind, segment: 'segment' in trigger ? trigger.segment : firstSegment, ...delay };
    case 'event':
      return { kind, event: '', ...delay };
    case 'anniversary':
      return { kind, of: 'first_order', hour: 9 };
    case 'date_trait':
      return { kind, trait: '', offset_days: -60, hour: 9 };
  }
}

function filterText(where: readonly PropertyFilter[] | undefined): string {
  return (where ?? []).map((filter) => `${filter.property} ${filter.op} ${Array.isArray(filter.value) ? filter.value.join('|') : String(filter.value)}`).join('\n');
}

/** "score in 0|1|2" per line -> filters; numbers and true/false become typed values. */
export function parseFilters(text: string): PropertyFilter[] {
  const scalar = (value: string) => (value === 'true' ? true : value === 'false' ? false : value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value);
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [property = '', op = 'eq', ...rest] = line.split(/\s+/);
      const raw = rest.join(' ');
      const kind = op === 'in' || op === 'neq' ? op : 'eq';
      return { property, op: kind, value: kind === 'in' ? raw.split('|').map((v) => scalar(v.trim())) : scalar(raw) };
    });
}

/** What starts the element for a subject: a stage or segment entered or left, an event, an anniversary or a date trait. */
export function TriggerFields({ trigger, onChange, stages, segments, eventNames, issues }: Props) {
  const { t, i18n } = useTranslation();
  const invalid = (field: string) => issuesUnder(issues, `/trigger/${field}`).length > 0;
  const anniversaryOf = (of: AnniversaryOf) => (typeof of === 'string' ? of : 'trait');
  return (
    <div className="trigger-fields">
      <div className="form-grid">
        <div className="field">
          <label htmlFor="trigger-kind">{t('care.editor.trigger.kind')}</label>
          <select
            id="trigger-kind"
            value={trigger.kind}
            onChange={(e) => onChange(changeTriggerKind(trigger, e.target.value as CareTriggerKind, stages[0]?.key ?? '', segments[0]?.key ?? ''))}
          >
            {CARE_TRIGGER_KINDS.map((kind) => (
              <option key={kind} value={kind}>
                {t(`care.triggerKind.${kind}`)}
              </option>
            ))}
          </select>
        </div>
        {(trigger.kind === 'stage_entered' || trigger.kind === 'stage_exited') && (
          <div className="field">
            <label htmlFor="trigger-stage">{t('care.editor.trigger.stage')}</label>
            <select id="trigger-stage" value={trigger.stage} aria-invalid={invalid('stage')} onChange={(e) => onChange({ ...trigger, stage: e.target.value })}>
              <option value="">{t('care.editor.choose')}</option>
              {stages.map((stage) => (
                <option key={stage.key} value={stage.key}>
                  {localized(stage.name, i18n.language)}
                </option>
              ))}
            </select>
          </div>
        )}
        {(trigger.kind === 'segment_entered' || trigger.kind === 'segment_exited') && (
          <div className="field">
            <label htmlFor="trigger-segment">{t('care.editor.trigger.segment')}</label>
            <select id="trigger-segment" value={trigger.segment} aria-invalid={invalid('segment')} onChange={(e) => onChange({ ...trigger, segment: e.target.value })}>
              <option value="">{t('care.editor.choose')}</option>
              {segments.map((segment) => (
                <option key={segment.key} value={segment.key}>
                  {segment.name}
                </option>
              ))}
            </select>
          </div>
        )}
        {trigger.kind === 'event' && (
          <>
            <div className="field">
              <label htmlFor="trigger-event">{t('care.editor.trigger.event')}</label>
              <input id="trigger-event" list="trigger-event-names" value={trigger.event} aria-invalid={invalid('event')} onChange={(e) => onChange({ ...trigger, event: e.target.value })} />
              <datalist id="trigger-event-names">
                {eventNames.map((name) => (
                  <option key={name} value={name} />
                ))}
              </datalist>
            </div>
            <div className="field">
              <label htmlFor="trigger-max-age">{t('care.editor.trigger.maxAge')}</label>
              <input
                id="trigger-max-age"
                type="number"
                min={1}
                className="input-short"
                value={trigger.max_age_days ?? ''}
                aria-invalid={invalid('max_age_days')}
                aria-describedby="trigger-max-age-help"
                onChange={(e) => {
                  const { max_age_days: _old, ...rest } = trigger;
                  const days = numberOrUndefined(e.target.value);
                  onChange(days === undefined ? rest : { ...rest, max_age_days: days });
                }}
              />
              <p className="help" id="trigger-max-age-help">
                {t('care.editor.trigger.maxAgeHelp')}
              </p>
            </div>
            <div className="field field-wide">
              <label htmlFor="trigger-where">{t('care.editor.trigger.where')}</label>
              <textarea
                id="trigger-where"
                rows={2}
                spellCheck={false}
                defaultValue={filterText(trigger.where)}
                aria-invalid={invalid('where')}
                aria-describedby="trigger-where-help"
                onChange={(e) => {
                  const { where: _old, ...rest } = trigger;
                  const where = parseFilters(e.target.value);
                  onChange(where.length === 0 ? rest : { ...rest, where });
                }}
              />
              <p className="help" id="trigger-where-help">
                {t('care.editor.trigger.whereHelp')}
              </p>
            </div>
          </>
        )}
        {trigger.kind === 'anniversary' && (
          <>
            <div className="field">
              <label htmlFor="trigger-of">{t('care.editor.trigger.anniversaryOf')}</label>
              <select
                id="trigger-of"
                value={anniversaryOf(trigger.of)}
                onChange={(e) => onChange({ ...trigger, of: e.target.value === 'trait' ? { trait: '' } : (e.target.value as 'first_order' | 'created_at') })}
              >
                {(['first_order', 'created_at', 'trait'] as const).map((of) => (
                  <option key={of} value={of}>
                    {t(`care.editor.trigger.of.${of}`)}
                  </option>
                ))}
              </select>
            </div>
            {typeof trigger.of !== 'string' && (
              <div className="field">
                <label htmlFor="trigger-of-trait">{t('care.editor.trigger.trait')}</label>
                <input id="trigger-of-trait" value={trigger.of.trait} aria-invalid={invalid('of')} onChange={(e) => onChange({ ...trigger, of: { trait: e.target.value } })} />
              </div>
            )}
          </>
        )}
        {trigger.kind === 'date_trait' && (
          <>
            <div className="field">
              <label htmlFor="trigger-trait">{t('care.editor.trigger.trait')}</label>
              <input id="trigger-trait" value={trigger.trait} aria-invalid={invalid('trait')} onChange={(e) => onChange({ ...trigger, trait: e.target.value })} />
            </div>
            <div className="field">
              <label htmlFor="trigger-offset">{t('care.editor.trigger.offsetDays')}</label>
              <input
                id="trigger-offset"
                type="number"
                className="input-short"
                value={Number.isFinite(trigger.offset_days) ? trigger.offset_days : ''}
                aria-invalid={invalid('offset_days')}
                aria-describedby="trigger-offset-help"
                onChange={(e) => onChange({ ...trigger, offset_days: e.target.value === '' ? Number.NaN : Number(e.target.value) })}
              />
              <p className="help" id="trigger-offset-help">
                {t('care.editor.trigger.offsetHelp')}
              </p>
            </div>
          </>
        )}
        {(trigger.kind === 'anniversary' || trigger.kind === 'date_trait') && (
          <div className="field">
            <label htmlFor="trigger-hour">{t('care.editor.trigger.hour')}</label>
            <input
              id="trigger-hour"
              type="number"
              min={0}
              max={23}
              className="input-short"
              value={trigger.hour ?? ''}
              aria-invalid={invalid('hour')}
              onChange={(e) => {
                const { hour: _old, ...rest } = trigger;
                const hour = numberOrUndefined(e.target.value);
                onChange(hour === undefined ? rest : { ...rest, hour });
              }}
            />
          </div>
        )}
      </div>
      {trigger.kind !== 'anniversary' && trigger.kind !== 'date_trait' && (
        <DelayFields
          id="trigger-delay"
          legend={t('care.editor.trigger.delay')}
          value={trigger.delay}
          invalid={invalid('delay')}
          onChange={(delay) => {
            const { delay: _old, ...rest } = trigger;
            onChange(delay ? { ...rest, delay } : rest);
          }}
        />
      )}
      <FieldIssues issues={issues} path="/trigger" />
    </div>
  );
}
