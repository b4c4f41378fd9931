/**
 * The care-model matrix as the page draws it: rows are lifecycle stages plus "any stage",
 * columns are segments plus "every segment". An element with placement
 * { stages: S, segments: G } sits in every cell of S x G; an empty list means "any" and puts
 * it in the ANY row or column. Dropping an element moved from one cell to another replaces
 * the source cell's stage and segment with the target's in the placement.
 */
export const ANY = '*';

export interface Placement {
  stages: string[];
  segments: string[];
  personas?: string[];
}

export interface Cell {
  stage: string;
  segment: string;
}

/** The row keys (or column keys) an element occupies along one axis: ANY for an empty list. */
export function axisKeys(values: readonly string[]): string[] {
  return values.length === 0 ? [ANY] : [...values];
}

export function cellsOf(placement: Placement): Cell[] {
  return axisKeys(placement.stages).flatMap((stage) => axisKeys(placement.segments).map((segment) => ({ stage, segment })));
}

export function occupies(placement: Placement, cell: Cell): boolean {
  return axisKeys(placement.stages).includes(cell.stage) && axisKeys(placement.segments).includes(cell.segment);
}

function moveOnAxis(values: readonly string[], from: string, to: string): string[] {
  if (from === to) return [...values];
  if (to === ANY) return [];
  if (from === ANY) return [to];
  const moved = values.map((value) => (value === from ? to : value));
  return moved.filter((value, index) => moved.indexOf(value) === index);
}

function addOnAxis(values: readonly string[], to: string): string[] {
  if (to === ANY || values.length === 0) return to === ANY ? [] : [...values];
  return values.includes(to) ? [...values] : [...values, to];
}

/** The placement after moving the element from cell `from` to cell `to` (the other cells move along the same axis). */
export function movePlacement(placement: Placement, from: Cell, to: Cell): Placement {
  return {
    ...placement,
    stages: moveOnAxis(placement.stages, from.stage, to.stage),
    segments: moveOnAxis(placement.segments, from.segment, to.segment),
  };
}

/**
 * The placement after copying the element into cell `to` as well (Ctrl/Alt while dropping):
 * the stage and segment join the lists. Since a placement is stages x segments, this may
 * add more cells than the one dropped on; an "any" axis stays "any".
 */
export function copyPlacement(placement: Placement, to: Cell): Placement {
  return { ...placement, stages: addOnAxis(placement.stages, to.stage), segments: addOnAxis(placement.segments, to.segment) };
}

export function samePlacement(a: Placement, b: Placement): boolean {
  const same = (x: readonly string[], y: readonly string[]) => x.length === y.length && x.every((value) => y.includes(value));
  return same(a.stages, b.stages) && same(a.segments, b.segments);
}
