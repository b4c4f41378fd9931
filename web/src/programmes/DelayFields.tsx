import { useTranslation } from 'react-i18next';
import type { Delay } from '../api/care-element';

const UNITS = ['days', 'hours', 'minutes'] as const;

/** A number from an input: empty is "not set" (undefined); anything else is sent as typed and checked by the server. */
export function numberOrUndefined(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  return Number(text);
}

/** A wait in days, hours and minutes; empty parts are left out. */
export function DelayFields({ id, legend, value, onChange, invalid = false }: { id: string; legend: string; value: Delay | undefined; onChange: (delay: Delay | undefined) => void; invalid?: boolean }) {
  const { t } = useTranslation();
  function change(unit: (typeof UNITS)[number], text: string) {
    const next: Delay = { ...(value ?? {}) };
    const number = numberOrUndefined(text);
    if (number === undefined) delete next[unit];
    else next[unit] = number;
    onChange(Object.keys(next).length === 0 ? undefined : next);
  }
  return (
    <fieldset className="choice delay-fields">
      <legend>{legend}</legend>
      {UNITS.map((unit) => (
        <div className="field field-inline" key={unit}>
          <label htmlFor={`${id}-${unit}`}>{t(`care.editor.delay.${unit}`)}</label>
          <input
            id={`${id}-${unit}`}
            type="number"
            min={0}
            className="input-short"
            aria-invalid={invalid}
            value={value?.[unit] ?? ''}
            onChange={(e) => change(unit, e.target.value)}
          />
        </div>
      ))}
    </fieldset>
  );
}
