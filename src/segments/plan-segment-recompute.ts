import type { Queryable } from '../db/database.js';
import type { Rule, SubjectType } from '../rules/rule.js';
import { listRuleReferences } from './list-rule-references.js';
import type { PlannedSegment } from './recompute-segments.js';

/** Which dynamic segments a recompute evaluates. */
export type SegmentSelection =
  | 'all'
  /** Those whose result can change with time alone: time-dependent rules, and rules that read such segments or stages. */
  | 'time-dependent'
  | 'none'
  /** These segments and every segment that (indirectly) reads them. */
  | { ids: readonly number[] };

export interface SegmentRecomputePlan {
  /** Segments that do not read stages, per subject type, referenced segments first. */
  beforeStages: Record<SubjectType, PlannedSegment[]>;
  /** Segments that read stages (directly or through a segment that does): evaluated after the stages move. */
  afterStages: Record<SubjectType, PlannedSegment[]>;
  /** Every segment key of the workspace -> id (compileRules needs the ids of referenced segments, static ones too). */
  segmentIds: Map<string, number>;
  /** The segments planned, with the version planned. */
  versions: Map<number, number>;
}

interface Row {
  id: number;
  key: string;
  name: string;
  version: number;
  subject_type: SubjectType;
  rule: Rule | null;
  time_dependent: boolean;
}

/**
 * The recompute order of a workspace's dynamic segments (contract: segments that do not read
 * stages, then the stages, then the segments that do), each list in topological order of
 * segment references so a segment is evaluated after the segments it reads.
 */
export async function planSegmentRecompute(db: Queryable, workspaceId: number, selection: SegmentSelection): Promise<SegmentRecomputePlan> {
  const rows = await db.query<Row & Record<string, unknown>>(
    'SELECT id, key, name, version, subject_type, rule, time_dependent FROM segments WHERE workspace_id = $1 ORDER BY id',
    [workspaceId],
  );
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const refs = new Map(rows.map((r) => [r.key, r.rule ? listRuleReferences(r.rule) : { segments: [], stages: false }]));

  // Properties that flow along references (memoised depth-first; the graph is acyclic, a guard keeps it finite anyway).
  const closure = (own: (r: Row) => boolean) => {
    const memo = new Map<string, boolean>();
    const visit = (key: string, path: Set<string>): boolean => {
      const known = memo.get(key);
      if (known !== undefined) return known;
      const row = byKey.get(key);
      if (!row || path.has(key)) return false;
      path.add(key);
      const value = own(row) || refs.get(key)!.segments.some((k) => visit(k, path));
      path.delete(key);
      memo.set(key, value);
      return value;
    };
    return (key: string) => visit(key, new Set());
  };
  const readsStages = closure((r) => refs.get(r.key)!.stages);
  const timeDependent = closure((r) => r.time_dependent || refs.get(r.key)!.stages);

  let chosen: (r: Row) => boolean;
  if (selection === 'all') chosen = () => true;
  else if (selection === 'none') chosen = () => false;
  else if (selection === 'time-dependent') chosen = (r) => timeDependent(r.key);
  else {
    const wanted = new Set(rows.filter((r) => selection.ids.includes(r.id)).map((r) => r.key));
    const readsWanted = closure((r) => wanted.has(r.key));
    chosen = (r) => readsWanted(r.key);
  }

  // Topological order: depth-first post-order over references.
  const ordered: Row[] = [];
  const placed = new Set<string>();
  const place = (key: string, path: Set<string>) => {
    const row = byKey.get(key);
    if (!row || placed.has(key) || path.has(key)) return;
    path.add(key);
    for (const k of refs.get(key)!.segments) place(k, path);
    path.delete(key);
    placed.add(key);
    ordered.push(row);
  };
  for (const r of rows) place(r.key, new Set());

  const plan: SegmentRecomputePlan = {
    beforeStages: { account: [], contact: [] },
    afterStages: { account: [], contact: [] },
    segmentIds: new Map(rows.map((r) => [r.key, r.id])),
    versions: new Map(),
  };
  for (const r of ordered) {
    if (!r.rule || !chosen(r)) continue;
    const planned: PlannedSegment = { id: r.id, key: r.key, name: r.name, version: r.version, subject_type: r.subject_type, rule: r.rule };
    (readsStages(r.key) ? plan.afterStages : plan.beforeStages)[r.subject_type].push(planned);
    plan.versions.set(r.id, r.version);
  }
  return plan;
}
