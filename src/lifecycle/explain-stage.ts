import type { Queryable } from '../db/database.js';
import { AppError } from '../errors/app-error.js';
import { describeRule } from '../rules/describe-rule.js';
import { evaluateRule, type Evaluation } from '../rules/evaluate-rule.js';
import { loadSubjectFacts } from '../rules/load-subject-facts.js';
import type { SubjectType } from '../rules/rule.js';
import { findLifecycleDefinition, getLifecycleDefinition } from './get-lifecycle-definition.js';
import { transitionLeaves, type LifecycleDefinition, type LifecycleStage, type LocalizedText } from './lifecycle-definition.js';

export interface ExplainedStage {
  key: string;
  name: LocalizedText;
  kind: LifecycleStage['kind'] | null;
  group: string | null;
}

export interface NextTransition {
  transition: string;
  to: ExplainedStage;
  description: LocalizedText;
  rule_text: LocalizedText;
  /** Its rule holds now. */
  holds: boolean;
  /** The transition the next recompute takes: the first (in definition order) whose rule holds. */
  next: boolean;
  evaluation: Evaluation;
}

export interface StageExplanation {
  subject: SubjectType;
  subject_id: number;
  /** Null when the subject has no stage yet (the next recompute places it in the initial stage). */
  stage: ExplainedStage | null;
  entered_at: Date | null;
  days_in_stage: number | null;
  /** The move that put it in its stage: which transition of which definition version, and the facts its rule read then. */
  placed_by: {
    from: ExplainedStage | null;
    transition: string | null;
    description: LocalizedText | null;
    rule_text: LocalizedText | null;
    version: number;
    moved_at: Date;
    facts: Record<string, unknown>;
  } | null;
  current_version: number;
  /** Transitions out of the current stage (or of the initial stage), evaluated live. */
  transitions: NextTransition[];
  text: LocalizedText;
  evaluated_at: Date;
}

interface StageRow {
  stage: string;
  entered_at: Date;
  definition_version: number;
  transition_key: string | null;
}

interface HistoryRow {
  from_stage: string | null;
  transition_key: string | null;
  definition_version: number;
  moved_at: Date;
  facts: Record<string, unknown>;
}

function stageOf(def: LifecycleDefinition, key: string): ExplainedStage {
  const s = def.stages.find((x) => x.key === key);
  return { key, name: s?.name ?? { fi: key, en: key }, kind: s?.kind ?? null, group: s?.group ?? null };
}

function fiDate(d: Date): string {
  return `${d.getUTCDate()}.${d.getUTCMonth() + 1}.${d.getUTCFullYear()}`;
}

function sentences(e: Omit<StageExplanation, 'text'>, initial: ExplainedStage): LocalizedText {
  const fi: string[] = [];
  const en: string[] = [];
  if (!e.stage || !e.entered_at) {
    fi.push(`Ei vielä vaihetta: seuraava uudelleenlaskenta sijoittaa sen vaiheeseen ${initial.name.fi}.`);
    en.push(`No stage yet: the next recompute places it in ${initial.name.en}.`);
  } else {
    const days = e.days_in_stage ?? 0;
    fi.push(`Vaiheessa ${e.stage.name.fi} ${fiDate(e.entered_at)} alkaen (${days} pv).`);
    en.push(`In ${e.stage.name.en} since ${e.entered_at.toISOString().slice(0, 10)} (${days} days).`);
    const p = e.placed_by;
    if (p?.transition && p.description) {
      fi.push(`Siirtyi vaiheesta ${p.from?.name.fi ?? '–'} siirtymällä "${p.transition}" (versio ${p.version}): ${p.description.fi}`);
      en.push(`Moved from ${p.from?.name.en ?? '-'} by transition "${p.transition}" (version ${p.version}): ${p.description.en}`);
    } else if (p && p.from === null) {
      fi.push(`Sijoitettiin aloitusvaiheeseen (versio ${p.version}).`);
      en.push(`Placed in the initial stage (version ${p.version}).`);
    } else if (p) {
      fi.push(`Siirrettiin, kun elinkaaren versio ${p.version} poisti vaiheen ${p.from?.name.fi ?? '–'}.`);
      en.push(`Moved when lifecycle version ${p.version} deleted the stage ${p.from?.name.en ?? '-'}.`);
    }
  }
  const next = e.transitions.find((t) => t.next);
  if (next) {
    fi.push(`Seuraavaksi: ${next.to.name.fi}, sillä ehto täyttyy nyt (${next.description.fi})`);
    en.push(`Next: ${next.to.name.en}, as its rule holds now (${next.description.en})`);
  } else if (e.transitions.length > 0) {
    fi.push('Mikään siirtymä ei täyty nyt.');
    en.push('No transition holds now.');
  } else {
    fi.push('Tästä vaiheesta ei ole siirtymiä.');
    en.push('No transition leaves this stage.');
  }
  return { fi: fi.join(' '), en: en.join(' ') };
}

/**
 * Why a subject is in its stage: since when, which transition of which definition version
 * moved it there and the facts its rule read at that moment, plus a live evaluation of the
 * transitions out of the stage ("what would move it next"), in Finnish and English.
 */
export async function explainStage(
  db: Queryable,
  workspaceId: number,
  subject: SubjectType,
  subjectId: number,
  now: Date = new Date(),
): Promise<StageExplanation> {
  const current = await getLifecycleDefinition(db, workspaceId, subject);
  const def = current.definition;
  const facts = await loadSubjectFacts(db, workspaceId, subject, subjectId, def.transitions.map((t) => t.rule), now);
  if (!facts) throw new AppError('not_found', `No ${subject} ${subjectId} in this workspace`);
  const [row] = await db.query<StageRow & Record<string, unknown>>(
    `SELECT stage, entered_at, definition_version, transition_key FROM subject_stages
      WHERE workspace_id = $1 AND subject_type = $2 AND subject_id = $3`,
    [workspaceId, subject, subjectId],
  );
  const [moved] = row
    ? await db.query<HistoryRow & Record<string, unknown>>(
        `SELECT from_stage, transition_key, definition_version, moved_at, facts FROM stage_history
          WHERE workspace_id = $1 AND subject_type = $2 AND subject_id = $3 AND to_stage = $4
          ORDER BY moved_at DESC, id DESC LIMIT 1`,
        [workspaceId, subject, subjectId, row.stage],
      )
    : [];
  let placedBy: StageExplanation['placed_by'] = null;
  if (moved) {
    const then = moved.definition_version === current.version ? current : await findLifecycleDefinition(db, workspaceId, subject, moved.definition_version);
    const thenDef = then?.definition ?? def;
    const t = moved.transition_key ? thenDef.transitions.find((x) => x.key === moved.transition_key) : undefined;
    placedBy = {
      from: moved.from_stage === null ? null : stageOf(thenDef, moved.from_stage),
      transition: moved.transition_key,
      description: t?.description ?? null,
      rule_text: t ? { fi: describeRule(t.rule, 'fi'), en: describeRule(t.rule, 'en') } : null,
      version: moved.definition_version,
      moved_at: moved.moved_at,
      facts: moved.facts,
    };
  }
  const from = row?.stage ?? def.initial;
  let chosen = false;
  const transitions = def.transitions
    .filter((t) => transitionLeaves(t, from))
    .map((t): NextTransition => {
      const evaluation = evaluateRule(t.rule, facts, now);
      const next = evaluation.result && !chosen;
      if (next) chosen = true;
      return {
        transition: t.key,
        to: stageOf(def, t.to),
        description: t.description,
        rule_text: { fi: describeRule(t.rule, 'fi'), en: describeRule(t.rule, 'en') },
        holds: evaluation.result,
        next,
        evaluation,
      };
    });
  const explanation: Omit<StageExplanation, 'text'> = {
    subject,
    subject_id: subjectId,
    stage: row ? stageOf(def, row.stage) : null,
    entered_at: row?.entered_at ?? null,
    days_in_stage: row ? Math.max(0, Math.floor((now.getTime() - row.entered_at.getTime()) / 86_400_000)) : null,
    placed_by: placedBy,
    current_version: current.version,
    transitions,
    evaluated_at: now,
  };
  return { ...explanation, text: sentences(explanation, stageOf(def, def.initial)) };
}
