import type { Queryable } from '../../db/database.js';
import { getLifecycleDefinition } from '../../lifecycle/get-lifecycle-definition.js';
import type { SubjectType } from '../../rules/rule.js';
import { CARE_PHASES, type CareElementDefinition, type CarePhase, type LocalizedText } from './care-element.js';
import { isContentStep, personaContentOf, type PersonaContent } from './persona-content.js';

export interface CareMatrix {
  subject_type: SubjectType;
  phases: readonly CarePhase[];
  stages: { key: string; name: LocalizedText; kind: string }[];
  /** The columns: the subject type's segments. Elements for every segment sit in the column `segment: null`. */
  segments: { key: string; name: string }[];
  elements: { id: number; key: string; name: LocalizedText; phase: CarePhase; enabled: boolean; stages: string[]; segments: string[]; personas: string[] }[];
  /** Every stage x (all segments, then each segment): the keys of the elements placed there. */
  cells: { stage: string; segment: string | null; elements: string[] }[];
  /** The micro matrix: content (email and survey steps) x buyer personas. */
  micro: {
    personas: string[];
    rows: { element: string; step: string; kind: 'email' | 'survey'; personas: Record<string, PersonaContent> }[];
  };
}

/**
 * The care model as a matrix: lifecycle stages x segments holding care elements (an element
 * with no stages sits in every stage; one with no segments in the "all segments" column), and
 * the micro matrix of content against buyer personas: for each email or survey step, whether a
 * persona gets its own variant, the default text, or nothing (left out by the recipients).
 */
export async function getCareMatrix(db: Queryable, workspaceId: number, subjectType: SubjectType): Promise<CareMatrix> {
  const lifecycle = await getLifecycleDefinition(db, workspaceId, subjectType);
  const segments = await db.query<{ key: string; name: string }>(
    'SELECT key, name FROM segments WHERE workspace_id = $1 AND subject_type = $2 ORDER BY lower(name), key',
    [workspaceId, subjectType],
  );
  const rows = await db.query<{ id: number; key: string; enabled: boolean; definition: CareElementDefinition }>(
    'SELECT id, key, enabled, definition FROM care_elements WHERE workspace_id = $1 AND subject_type = $2 ORDER BY key',
    [workspaceId, subjectType],
  );
  const known = await db.query<{ persona: string }>(
    'SELECT DISTINCT persona FROM contacts WHERE workspace_id = $1 AND persona IS NOT NULL ORDER BY persona',
    [workspaceId],
  );
  const stages = lifecycle.definition.stages.map((s) => ({ key: s.key, name: s.name, kind: s.kind }));
  const elements = rows.map((r) => ({
    id: r.id,
    key: r.key,
    name: r.definition.name,
    phase: r.definition.phase,
    enabled: r.enabled,
    stages: r.definition.placement.stages,
    segments: r.definition.placement.segments,
    personas: r.definition.placement.personas ?? [],
  }));
  const cells: CareMatrix['cells'] = [];
  for (const stage of stages) {
    for (const segment of [null, ...segments.map((s) => s.key)]) {
      const here = elements.filter(
        (e) => (e.stages.length === 0 || e.stages.includes(stage.key)) && (segment === null ? e.segments.length === 0 : e.segments.includes(segment)),
      );
      cells.push({ stage: stage.key, segment, elements: here.map((e) => e.key) });
    }
  }
  const personas = new Set(known.map((k) => k.persona));
  for (const r of rows) {
    for (const p of r.definition.placement.personas ?? []) personas.add(p);
    for (const step of r.definition.steps) {
      if (step.kind !== 'email' && step.kind !== 'survey') continue;
      for (const p of [...(step.to?.personas ?? []), ...Object.keys(step.template.personas ?? {})]) personas.add(p);
    }
  }
  const personaList = [...personas].sort();
  const microRows: CareMatrix['micro']['rows'] = [];
  for (const r of rows) {
    for (const step of r.definition.steps) {
      if (!isContentStep(step)) continue;
      const status: Record<string, PersonaContent> = {};
      for (const p of personaList) status[p] = personaContentOf(subjectType, r.definition, step, p);
      microRows.push({ element: r.key, step: step.id, kind: step.kind, personas: status });
    }
  }
  return { subject_type: subjectType, phases: CARE_PHASES, stages, segments, elements, cells, micro: { personas: personaList, rows: microRows } };
}
