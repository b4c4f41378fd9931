import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CareElement, CarePhase } from '../api/care-element';
import { localized, type LifecycleStage } from '../api/lifecycle';
import type { Segment } from '../api/segments';
import { useFormatters } from '../i18n/use-formatters';
import { DRAG_TYPE, ElementChip, type DraggedElement } from './ElementChip';
import { isCovered } from './matrix-coverage';
import { ANY, occupies, type Cell } from './matrix-placement';

interface Props {
  elements: readonly CareElement[];
  /** Elements shown (the phase filter applied). */
  shown: readonly CareElement[];
  stages: readonly LifecycleStage[];
  segments: readonly Segment[];
  phase: CarePhase | '';
  highlightEmpty: boolean;
  /** Subjects per cell that no enabled element reaches, from the coverage report (key "stage|segment"). */
  uncovered: ReadonlyMap<string, number>;
  busy: ReadonlySet<number>;
  onDrop: (elementId: number, from: Cell, to: Cell, copy: boolean) => void;
  onToggle: (element: CareElement, enabled: boolean) => void;
}

export const cellKey = (cell: Cell) => `${cell.stage}|${cell.segment}`;

/** The care-model matrix: lifecycle stages (rows) x segments (columns), elements in their cells, drop targets everywhere. */
export function MatrixTable({ elements, shown, stages, segments, phase, highlightEmpty, uncovered, busy, onDrop, onToggle }: Props) {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const [over, setOver] = useState<string | null>(null);
  const columns: { key: string; label: string }[] = [{ key: ANY, label: t('care.matrix.everySegment') }, ...segments.map((segment) => ({ key: segment.key, label: segment.name }))];
  const rows: { key: string; label: string }[] = [{ key: ANY, label: t('care.matrix.anyStage') }, ...stages.map((stage) => ({ key: stage.key, label: localized(stage.name, i18n.language) }))];
  const axes = { rows, columns };

  function accepts(event: DragEvent) {
    return event.dataTransfer.types.includes(DRAG_TYPE);
  }

  function drop(event: DragEvent, to: Cell) {
    event.preventDefault();
    setOver(null);
    const raw = event.dataTransfer.getData(DRAG_TYPE);
    if (!raw) return;
    const dragged = JSON.parse(raw) as DraggedElement;
    onDrop(dragged.id, dragged.from, to, event.ctrlKey || event.altKey);
  }

  return (
    <div className="table-scroll">
      <table className="care-matrix">
        <caption className="visually-hidden">{t('care.matrix.caption')}</caption>
        <thead>
          <tr>
            <td className="matrix-corner">
              <span className="muted">{t('care.matrix.corner')}</span>
            </td>
            {columns.map((column) => (
              <th scope="col" key={column.key}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              {columns.map((column) => {
                const cell = { stage: row.key, segment: column.key };
                const key = cellKey(cell);
                const inCell = shown.filter((element) => occupies(element.definition.placement, cell));
                const empty = highlightEmpty && row.key !== ANY && !isCovered(elements, cell, phase);
                const missed = uncovered.get(key);
                return (
                  <td
                    key={column.key}
                    className={`matrix-cell${empty ? ' is-empty' : ''}${over === key ? ' is-over' : ''}`}
                    data-cell={key}
                    aria-label={t('care.matrix.cellLabel', { stage: row.label, segment: column.label })}
                    onDragEnter={(event) => {
                      if (accepts(event)) setOver(key);
                    }}
                    onDragOver={(event) => {
                      if (!accepts(event)) return;
                      event.preventDefault();
                      event.dataTransfer.dropEffect = event.ctrlKey || event.altKey ? 'copy' : 'move';
                    }}
                    onDragLeave={(event) => {
                      if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOver((current) => (current === key ? null : current));
                    }}
                    onDrop={(event) => drop(event, cell)}
                  >
                    {inCell.map((element) => (
                      <ElementChip
                        key={element.id}
                        element={element}
                        cell={cell}
                        busy={busy.has(element.id)}
                        axes={axes}
                        onToggle={onToggle}
                        onMove={(to, copy) => onDrop(element.id, cell, to, copy)}
                      />
                    ))}
                    {empty && (
                      <p className="cell-empty-note">
                        {missed !== undefined && missed > 0 ? t('care.matrix.uncoveredCount', { count: missed, shown: format.number(missed) }) : t('care.matrix.emptyCell')}
                      </p>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
