import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Cell } from './matrix-placement';

export interface MatrixAxes {
  rows: readonly { key: string; label: string }[];
  columns: readonly { key: string; label: string }[];
}

interface Props {
  id: string;
  name: string;
  from: Cell;
  axes: MatrixAxes;
  onMove: (to: Cell, copy: boolean) => void;
  onClose: () => void;
}

/** Moving an element without a mouse: choose the target stage and segment, then move there or add the cell. */
export function ChipMoveForm({ id, name, from, axes, onMove, onClose }: Props) {
  const { t } = useTranslation();
  const [stage, setStage] = useState(from.stage);
  const [segment, setSegment] = useState(from.segment);
  function submit(event: FormEvent, copy: boolean) {
    event.preventDefault();
    onMove({ stage, segment }, copy);
    onClose();
  }
  return (
    <form className="chip-move" aria-label={t('care.matrix.moveForm', { name })} onSubmit={(event) => submit(event, false)}>
      <div className="field">
        <label htmlFor={`${id}-stage`}>{t('care.matrix.toStage')}</label>
        <select id={`${id}-stage`} value={stage} onChange={(e) => setStage(e.target.value)}>
          {axes.rows.map((row) => (
            <option key={row.key} value={row.key}>
              {row.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-segment`}>{t('care.matrix.toSegment')}</label>
        <select id={`${id}-segment`} value={segment} onChange={(e) => setSegment(e.target.value)}>
          {axes.columns.map((column) => (
            <option key={column.key} value={column.key}>
              {column.label}
            </option>
          ))}
        </select>
      </div>
      <div className="chip-move-actions">
        <button type="submit" className="button-primary">
          {t('care.matrix.moveHere')}
        </button>
        <button type="button" onClick={(event) => submit(event, true)}>
          {t('care.matrix.addCell')}
        </button>
        <button type="button" className="button-quiet" onClick={onClose}>
          {t('care.matrix.cancel')}
        </button>
      </div>
    </form>
  );
}
