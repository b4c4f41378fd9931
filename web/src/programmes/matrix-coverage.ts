import type { CareElement, CarePhase } from '../api/care-element';
import { ANY, type Cell } from './matrix-placement';

/**
 * Does an enabled element (of the phase shown, when one is chosen) reach the subjects of this
 * cell? An element with no stages reaches every stage, one with no segments every segment; the
 * "every segment" column counts only elements meant for all segments.
 */
export function isCovered(elements: readonly CareElement[], cell: Cell, phase: CarePhase | ''): boolean {
  return elements.some((element) => {
    if (!element.enabled) return false;
    if (phase !== '' && element.definition.phase !== phase) return false;
    const { stages, segments } = element.definition.placement;
    const stageOk = stages.length === 0 || (cell.stage !== ANY && stages.includes(cell.stage));
    const segmentOk = segments.length === 0 || (cell.segment !== ANY && segments.includes(cell.segment));
    return stageOk && segmentOk;
  });
}
