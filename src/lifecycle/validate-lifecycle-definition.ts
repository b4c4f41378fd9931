import type { FieldIssue } from '../errors/app-error.js';
import type { SubjectType } from '../rules/rule.js';
import { validateRule } from '../rules/validate-rule.js';
import {
  STAGE_KINDS,
  type LifecycleDefinition,
  type LifecycleSettings,
  type LifecycleStage,
  type LifecycleTransition,
  type LocalizedText,
  type StageKind,
} from './lifecycle-definition.js';

export interface LifecycleValidationContext {
  subject: SubjectType;
  /** segment key -> its subject type, for rules that use in_segment */
  segments: ReadonlyMap<string, SubjectType>;
  /** Account definitions: the contact lifecycle's stage keys, for stage_in inside a contacts condition. */
  contactStages?: readonly string[];
}

export type LifecycleValidation =
  | { ok: true; definition: LifecycleDefinition; timeDependent: boolean[] }
  | { ok: false; issues: FieldIssue[] };

const KEY = /^[a-z][a-z0-9_]{0,39}$/;
const KEY_RULE = 'must be 1-40 lower-case letters, digits or underscores, starting with a letter';
const MAX_STAGES = 50;
const MAX_TRANSITIONS = 200;

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Collects issues with JSON pointer paths while reading one definition. */
class Reader {
  readonly issues: FieldIssue[] = [];

  fail(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  object(v: unknown, path: string, allowed: readonly string[]): Obj | null {
    if (!isObject(v)) {
      this.fail(path, 'must be an object');
      return null;
    }
    for (const k of Object.keys(v)) {
      if (!allowed.includes(k)) this.fail(`${path}/${pointerToken(k)}`, `is not a known field (known: ${allowed.join(', ')})`);
    }
    return v;
  }

  key(v: unknown, path: string): string | null {
    if (typeof v !== 'string' || !KEY.test(v)) {
      this.fail(path, KEY_RULE);
      return null;
    }
    return v;
  }

  text(v: unknown, path: string, max: number): LocalizedText | null {
    const o = this.object(v, path, ['fi', 'en']);
    if (!o) return null;
    let ok = true;
    for (const lang of ['fi', 'en'] as const) {
      const s = o[lang];
      if (typeof s !== 'string' || s.trim() === '' || s.length > max) {
        this.fail(`${path}/${lang}`, `must be a non-empty string of at most ${max} characters`);
        ok = false;
      }
    }
    return ok ? { fi: o.fi as string, en: o.en as string } : null;
  }
}

function pointerToken(k: string): string {
  return k.replace(/~/g, '~0').replace(/\//g, '~1');
}

function readStages(r: Reader, raw: unknown): LifecycleStage[] | null {
  if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_STAGES) {
    r.fail('/stages', `must be an array of 1-${MAX_STAGES} stages`);
    return null;
  }
  const out: LifecycleStage[] = [];
  const seen = new Map<string, number>();
  raw.forEach((s, i) => {
    const path = `/stages/${i}`;
    const o = r.object(s, path, ['key', 'name', 'description', 'kind', 'group']);
    if (!o) return;
    const key = r.key(o.key, `${path}/key`);
    if (key !== null) {
      const first = seen.get(key);
      if (first !== undefined) r.fail(`${path}/key`, `duplicates the key "${key}" of /stages/${first}`);
      else seen.set(key, i);
    }
    const name = r.text(o.name, `${path}/name`, 100);
    const description = o.description === undefined ? undefined : r.text(o.description, `${path}/description`, 1000);
    if (!STAGE_KINDS.includes(o.kind as StageKind)) r.fail(`${path}/kind`, `must be one of ${STAGE_KINDS.join(', ')}`);
    if (o.group !== undefined) r.key(o.group, `${path}/group`);
    if (key !== null && name && description !== null && STAGE_KINDS.includes(o.kind as StageKind)) {
      out.push({
        key,
        name,
        ...(description ? { description } : {}),
        kind: o.kind as StageKind,
        ...(typeof o.group === 'string' ? { group: o.group } : {}),
      });
    }
  });
  return out;
}

function readFrom(r: Reader, raw: unknown, path: string, stageKeys: ReadonlySet<string>, to: string | null): string[] | '*' | null {
  if (raw === '*') return '*';
  if (!Array.isArray(raw) || raw.length === 0) {
    r.fail(path, 'must be "*" (any stage) or a non-empty array of stage keys');
    return null;
  }
  const out: string[] = [];
  raw.forEach((k, j) => {
    if (typeof k !== 'string' || !stageKeys.has(k)) {
      r.fail(`${path}/${j}`, `must be a stage of this definition (${[...stageKeys].join(', ')})`);
    } else if (out.includes(k)) {
      r.fail(`${path}/${j}`, `lists "${k}" twice`);
    } else if (k === to) {
      r.fail(`${path}/${j}`, `is the transition's own target "${k}": a transition moves a subject to another stage`);
    } else {
      out.push(k);
    }
  });
  return out.length === raw.length ? out : null;
}

function readTransitions(
  r: Reader,
  raw: unknown,
  stageKeys: ReadonlySet<string>,
  ctx: LifecycleValidationContext,
): { transitions: LifecycleTransition[]; timeDependent: boolean[] } | null {
  if (raw === undefined) raw = [];
  if (!Array.isArray(raw) || raw.length > MAX_TRANSITIONS) {
    r.fail('/transitions', `must be an array of at most ${MAX_TRANSITIONS} transitions`);
    return null;
  }
  const transitions: LifecycleTransition[] = [];
  const timeDependent: boolean[] = [];
  const seen = new Map<string, number>();
  const stages = [...stageKeys];
  raw.forEach((t, i) => {
    const path = `/transitions/${i}`;
    const o = r.object(t, path, ['key', 'from', 'to', 'rule', 'description']);
    if (!o) return;
    const key = r.key(o.key, `${path}/key`);
    if (key !== null) {
      const first = seen.get(key);
      if (first !== undefined) r.fail(`${path}/key`, `duplicates the key "${key}" of /transitions/${first}`);
      else seen.set(key, i);
    }
    let to: string | null = null;
    if (typeof o.to !== 'string' || !stageKeys.has(o.to)) r.fail(`${path}/to`, `must be a stage of this definition (${stages.join(', ')})`);
    else to = o.to;
    const from = readFrom(r, o.from, `${path}/from`, stageKeys, to);
    const description = r.text(o.description, `${path}/description`, 1000);
    let rule: LifecycleTransition['rule'] | null = null;
    if (o.rule === undefined) r.fail(`${path}/rule`, 'is required');
    else {
      const v = validateRule(o.rule, {
        subject: ctx.subject,
        segments: ctx.segments,
        stages,
        ...(ctx.contactStages ? { contactStages: ctx.contactStages } : {}),
      });
      if (v.ok) {
        rule = v.rule;
        timeDependent.push(v.timeDependent);
      } else {
        for (const issue of v.issues) r.fail(`${path}/rule${issue.path}`, issue.message);
      }
    }
    if (key !== null && to !== null && from !== null && description && rule) transitions.push({ key, from, to, rule, description });
  });
  return transitions.length === raw.length ? { transitions, timeDependent } : null;
}

function readSettings(r: Reader, raw: unknown): LifecycleSettings | undefined {
  if (raw === undefined) return undefined;
  const o = r.object(raw, '/settings', ['formerAfterDays']);
  if (!o) return undefined;
  const d = o.formerAfterDays;
  if (d === undefined) return {};
  if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > 36_500) {
    r.fail('/settings/formerAfterDays', 'must be a whole number of days from 1 to 36500');
    return undefined;
  }
  return { formerAfterDays: d };
}

/**
 * Checks a lifecycle definition as a whole: unique stage and transition keys, an initial
 * stage that exists, transitions between existing stages, and every rule valid for the
 * subject type (validateRule), with each issue's JSON pointer into the definition
 * (e.g. /transitions/3/rule/all/0/within_days).
 */
export function validateLifecycleDefinition(input: unknown, ctx: LifecycleValidationContext): LifecycleValidation {
  const r = new Reader();
  const o = r.object(input, '', ['stages', 'initial', 'transitions', 'settings']);
  if (!o) return { ok: false, issues: r.issues.map((i) => ({ ...i, path: i.path || '/' })) };
  const stages = readStages(r, o.stages);
  const stageKeys = new Set((stages ?? []).map((s) => s.key));
  if (typeof o.initial !== 'string' || !stageKeys.has(o.initial)) {
    r.fail('/initial', `must be the key of one of the stages (${[...stageKeys].join(', ') || 'none valid'})`);
  }
  const transitions = readTransitions(r, o.transitions, stageKeys, ctx);
  const settings = readSettings(r, o.settings);
  if (r.issues.length > 0 || !stages || !transitions) return { ok: false, issues: r.issues };
  return {
    ok: true,
    definition: {
      stages,
      initial: o.initial as string,
      transitions: transitions.transitions,
      ...(settings ? { settings } : {}),
    },
    timeDependent: transitions.timeDependent,
  };
}
