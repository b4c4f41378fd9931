import { AppError } from '../errors/app-error.js';
import { RuleLevelCompiler } from './compile-rule-level.js';
import { isRuleTimeDependent } from './is-rule-time-dependent.js';
import type { Rule, SubjectType } from './rule.js';
import { RuleSqlParams } from './rule-sql-params.js';

export interface CompiledRules {
  /**
   * One row per subject of the workspace in scope: `subject_id` plus one column per fact the
   * rules need (f0, f1, ...). Parameters: $1 workspace id (bigint), $2 now (timestamptz),
   * $3 lower id bound inclusive (bigint or null), $4 upper id bound exclusive (bigint or null),
   * $5 subject ids (bigint[] or null = no id filter); then `params` from $6 on.
   * Written as ONE pass per source table (events grouped once with FILTERed aggregates for all
   * event facts; orders once; subject_scores once; contacts once for contacts conditions) so
   * 20 rules over 1M accounts x 50 events cost one scan, not twenty. Compiled `byIds`, it
   * reads the subjects of $5 (which must then be given) one by one through the indexes instead.
   */
  factsSql: string;
  params: unknown[];
  /**
   * Per input rule: a boolean SQL expression over the facts row aliased `f` (f.f0 ...); never
   * NULL. Segment and stage conditions (and days_in_stage) read segment_members /
   * subject_stages directly, so they see moves made after the facts were read.
   * Parameters: it always references exactly $1 (workspace id, bigint) and $2 (now,
   * timestamptz), typed, and no others (constants it needs are columns of the facts row).
   * Run it with [workspaceId, now], your own parameters numbered from $3:
   *   SELECT f.subject_id, <factsJson> FROM batch_facts f WHERE <predicate>   -- [ws, now]
   */
  predicates: string[];
  /** Per input rule: a jsonb SQL expression over `f` with the facts that rule read, keyed by a
   *  readable label ("count(Order Completed, 365 d)"), stored in history as "why". The same
   *  two parameters as the predicates ($1, $2, always both). */
  factsJson: string[];
  timeDependent: boolean[];
}

export interface CompileContext {
  subject: SubjectType;
  /** segment key -> id, for every segment the rules reference */
  segmentIds: ReadonlyMap<string, number>;
  /**
   * The facts query will run over a list of ids ($5): read each subject, and its events,
   * orders and metrics, through the indexes (cost in proportion to the list, however large the
   * workspace) instead of filtering and grouping the tables (cost in proportion to the
   * workspace, the right plan for an id range over a large part of it). Same rows either way.
   */
  byIds?: boolean;
}

/**
 * A text constant for SQL that may not take parameters (the predicates and "why" objects run
 * with only $1 and $2): hex-encoded, so the statement holds only [0-9a-f] of it whatever the
 * text and whatever standard_conforming_strings says. Constant-folded by the planner.
 */
function textConstant(text: string): string {
  return `convert_from(decode('${Buffer.from(text, 'utf8').toString('hex')}', 'hex'), 'UTF8')`;
}

/** jsonb_build_object takes at most 100 arguments: build in chunks of 50 pairs. */
function jsonObjectSql(facts: Map<string, string>): string {
  const pairs = [...facts.entries()];
  if (pairs.length === 0) return `'{}'::jsonb`;
  const chunks: string[] = [];
  for (let i = 0; i < pairs.length; i += 50) {
    const args = pairs.slice(i, i + 50).map(([label, sql]) => `${textConstant(label)}, ${sql}`);
    chunks.push(`jsonb_build_object(${args.join(', ')})`);
  }
  return chunks.join(' || ');
}

/**
 * Compiles validated rules (validateRule) of one subject type into one facts query and, per
 * rule, a predicate and a "why" object over its rows (see CompiledRules). Every value from a
 * rule is a parameter of the facts query; only internal names (columns from a fixed list,
 * table aliases, segment ids, hex-encoded labels) are spliced into the SQL text.
 */
export function compileRules(rules: readonly Rule[], ctx: CompileContext): CompiledRules {
  if (ctx.subject !== 'account' && ctx.subject !== 'contact') throw new AppError('internal', `unknown subject type ${JSON.stringify(ctx.subject)}`);
  const params = new RuleSqlParams(6);
  const level = new RuleLevelCompiler({ subject: ctx.subject, params, segmentIds: ctx.segmentIds, prefix: '' });
  const compiled = rules.map((r) => level.compile(r));
  const scope = RuleLevelCompiler.scope;
  // $2 is referenced even when no fact reads the clock, so callers always pass the same five.
  const { ctes, select } = level.render({ where: `${scope('t.id')} AND $2::timestamptz IS NOT NULL`, key: 't.id', owner: null }, ctx.byIds ?? false);
  const factsSql = `WITH ${ctes.join(',\n')}\n${select}`;
  const guard = '$1::bigint IS NOT NULL AND $2::timestamptz IS NOT NULL';
  return {
    factsSql,
    params: params.values,
    predicates: compiled.map((c) => `(${guard} AND ${c.sql})`),
    factsJson: compiled.map((c) => `CASE WHEN ${guard} THEN ${jsonObjectSql(c.facts)} END`),
    timeDependent: rules.map(isRuleTimeDependent),
  };
}
