import { useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { CareElement } from '../api/care-element';
import { localized } from '../api/lifecycle';
import { ChipMoveForm, type MatrixAxes } from './ChipMoveForm';
import type { Cell } from './matrix-placement';

export const DRAG_TYPE = 'application/x-kanta-care-element';

export interface DraggedElement {
  id: number;
  from: Cell;
}

interface Props {
  element: CareElement;
  cell: Cell;
  busy: boolean;
  axes: MatrixAxes;
  onToggle: (element: CareElement, enabled: boolean) => void;
  onMove: (to: Cell, copy: boolean) => void;
}

/** An element in a matrix cell: drag it to another cell, open it, switch it on or off. */
export function ElementChip({ element, cell, busy, axes, onToggle, onMove }: Props) {
  const { t, i18n } = useTranslation();
  const name = localized(element.definition.name, i18n.language);
  const toggleId = `toggle-${element.id}-${cell.stage}-${cell.segment}`;
  const [moving, setMoving] = useState(false);
  return (
    <div
      className={`element-chip phase-${element.definition.phase}${element.enabled ? '' : ' is-disabled'}`}
      draggable={!busy && !moving}
      aria-busy={busy}
      data-element-key={element.key}
      aria-label={t('care.matrix.chipLabel', { name, phase: t(`care.phase.${element.definition.phase}`), state: element.enabled ? t('care.enabled') : t('care.disabled') })}
      role="group"
      onDragStart={(event) => {
        const data: DraggedElement = { id: element.id, from: cell };
        event.dataTransfer.setData(DRAG_TYPE, JSON.stringify(data));
        event.dataTransfer.setData('text/plain', element.key);
        event.dataTransfer.effectAllowed = 'copyMove';
      }}
    >
      <span className="chip-grip" aria-hidden="true">
        ⠿
      </span>
      <Link to={`/care/elements/${element.id}`} className="chip-name" draggable={false}>
        {name}
      </Link>
      <span className="chip-phase">{t(`care.phase.${element.definition.phase}`)}</span>
      <label className="chip-toggle" htmlFor={toggleId}>
        <input id={toggleId} type="checkbox" checked={element.enabled} disabled={busy} onChange={(e) => onToggle(element, e.target.checked)} />
        <span className="visually-hidden">{t('care.matrix.enabledToggle', { name })}</span>
        <span aria-hidden="true">{element.enabled ? t('care.on') : t('care.off')}</span>
      </label>
      <button type="button" className="chip-move-button button-quiet" aria-expanded={moving} disabled={busy} onClick={() => setMoving((open) => !open)}>
        <span aria-hidden="true">⇄</span>
        <span className="visually-hidden">{t('care.matrix.moveButton', { name })}</span>
      </button>
      {moving && <ChipMoveForm id={`move-${toggleId}`} name={name} from={cell} axes={axes} onMove={onMove} onClose={() => setMoving(false)} />}
    </div>
  );
}
