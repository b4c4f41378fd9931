import { useTranslation } from 'react-i18next';
import { MESSAGE_PURPOSES, type MessagePurpose } from '../api/care-element';
import { FieldIssues } from './FieldIssues';
import type { ElementIssues } from './element-draft';
import { hasIssue } from './issues-by-path';
import { newCap, type CapDraft } from './settings-draft';

/** The frequency caps as an editable list: per purpose, at most N care emails in any M days. */
export function FrequencyCapsFields({ caps, onChange, issues }: { caps: readonly CapDraft[]; onChange: (caps: CapDraft[]) => void; issues: ElementIssues }) {
  const { t } = useTranslation();
  const change = (index: number, patch: Partial<CapDraft>) => onChange(caps.map((cap, i) => (i === index ? { ...cap, ...patch } : cap)));
  return (
    <div className="caps-fields">
      <FieldIssues issues={issues} path="/frequency_caps" exact />
      {caps.length === 0 && <p className="muted">{t('care.settings.caps.none')}</p>}
      {caps.map((cap, index) => {
        const at = `/frequency_caps/${index}`;
        const id = `settings-cap-${index}`;
        return (
          <fieldset key={index} className="cap-row">
            <legend>{t('care.settings.caps.legend', { n: index + 1 })}</legend>
            <div className="cap-fields">
              <div className="field">
                <label htmlFor={`${id}-purpose`}>{t('care.settings.caps.purpose')}</label>
                <select id={`${id}-purpose`} value={cap.purpose} aria-invalid={hasIssue(issues, `${at}/purpose`)} onChange={(e) => change(index, { purpose: e.target.value as MessagePurpose })}>
                  {MESSAGE_PURPOSES.map((purpose) => (
                    <option key={purpose} value={purpose}>
                      {t(`care.purpose.${purpose}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label htmlFor={`${id}-max`}>{t('care.settings.caps.max')}</label>
                <input id={`${id}-max`} inputMode="numeric" value={cap.max} aria-invalid={hasIssue(issues, `${at}/max`)} onChange={(e) => change(index, { max: e.target.value })} />
              </div>
              <div className="field">
                <label htmlFor={`${id}-days`}>{t('care.settings.caps.perDays')}</label>
                <input id={`${id}-days`} inputMode="numeric" value={cap.perDays} aria-invalid={hasIssue(issues, `${at}/per_days`)} onChange={(e) => change(index, { perDays: e.target.value })} />
              </div>
              <button type="button" className="button-quiet" aria-label={t('care.settings.caps.removeLabel', { n: index + 1 })} onClick={() => onChange(caps.filter((_, i) => i !== index))}>
                {t('care.settings.caps.remove')}
              </button>
            </div>
            {/^\d+$/.test(cap.max.trim()) && /^\d+$/.test(cap.perDays.trim()) && (
              <p className="help">{t('care.settings.caps.reads', { purpose: t(`care.purpose.${cap.purpose}`), count: Number(cap.max.trim()), days: cap.perDays.trim() })}</p>
            )}
            <FieldIssues issues={issues} path={at} />
          </fieldset>
        );
      })}
      <button type="button" onClick={() => onChange([...caps, newCap(caps, MESSAGE_PURPOSES)])}>
        {t('care.settings.caps.add')}
      </button>
    </div>
  );
}
