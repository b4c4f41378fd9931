import type { FieldIssue } from '../../errors/app-error.js';
import type { Rule, SubjectType } from '../../rules/rule.js';
import { validateRule } from '../../rules/validate-rule.js';
import { checkEmailTemplate } from '../email/check-email-template.js';
import { CARE_PHASES, MESSAGE_PURPOSES, type CareElementDefinition, type EmailTemplate } from './care-element.js';

/** What a definition is checked against: the workspace's stages, segments and webhook endpoints. */
export interface CareValidationContext {
  subjectType: SubjectType;
  /** Stage keys of the subject type's current lifecycle. */
  stages: readonly string[];
  /** Contact stage keys (account elements: stage_in inside a contacts condition). */
  contactStages?: readonly string[];
  /** segment key -> its subject type and kind */
  segments: ReadonlyMap<string, { subjectType: SubjectType; kind: 'dynamic' | 'static' }>;
  /** Keys of the workspace's webhook endpoints. */
  webhookEndpoints: ReadonlySet<string>;
}

export type CareElementValidation = { ok: true; definition: CareElementDefinition } | { ok: false; issues: FieldIssue[] };

export const CARE_ELEMENT_KEY_PATTERN = '^[a-z0-9][a-z0-9_-]{0,62}$';
const STEP_ID = /^[a-z][a-z0-9_]{0,39}$/;
const NAME_TOKEN = /^[A-Za-z0-9_.:-]{1,100}$/;
const PERSONA = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const EVENT_TYPE = /^[a-z0-9][a-z0-9_.-]{0,99}$/;
const MAX_STEPS = 50;
const MAX_DELAY_MINUTES = 366 * 24 * 60;
const ROLES = ['decision_maker', 'influencer', 'user', 'champion', 'purchaser'];

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const token = (k: string | number) => String(k).replace(/~/g, '~0').replace(/\//g, '~1');
const isInt = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Reads a definition, collecting every problem with its JSON pointer. */
class Checker {
  readonly issues: FieldIssue[] = [];
  constructor(readonly ctx: CareValidationContext) {}

  fail(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  object(v: unknown, path: string, allowed: readonly string[], required: readonly string[] = []): Obj | null {
    if (!isObject(v)) {
      this.fail(path || '/', 'must be an object');
      return null;
    }
    for (const k of Object.keys(v)) if (!allowed.includes(k)) this.fail(`${path}/${token(k)}`, `is not a known field (known: ${allowed.join(', ')})`);
    for (const k of required) if (v[k] === undefined) this.fail(`${path}/${k}`, 'is required');
    return v;
  }

  text(v: unknown, path: string, max: number): void {
    const o = this.object(v, path, ['fi', 'en'], ['fi', 'en']);
    if (!o) return;
    for (const lang of ['fi', 'en'] as const) {
      const s = o[lang];
      if (s === undefined) continue;
      if (typeof s !== 'string' || s.trim() === '' || s.length > max) this.fail(`${path}/${lang}`, `must be a non-empty string of at most ${max} characters`);
    }
  }

  oneOf(v: unknown, path: string, values: readonly string[]): boolean {
    if (typeof v === 'string' && values.includes(v)) return true;
    this.fail(path, `must be one of ${values.join(', ')}`);
    return false;
  }

  stringList(v: unknown, path: string, check: (s: string, at: string) => void): void {
    if (!Array.isArray(v)) {
      this.fail(path, 'must be an array');
      return;
    }
    const seen = new Set<string>();
    v.forEach((s, i) => {
      if (typeof s !== 'string') this.fail(`${path}/${i}`, 'must be a string');
      else if (seen.has(s)) this.fail(`${path}/${i}`, `repeats "${s}"`);
      else {
        seen.add(s);
        check(s, `${path}/${i}`);
      }
    });
  }

  stage(s: unknown, path: string): void {
    if (typeof s !== 'string' || !this.ctx.stages.includes(s)) this.fail(path, `must be a stage of the ${this.ctx.subjectType} lifecycle (${this.ctx.stages.join(', ')})`);
  }

  segment(s: unknown, path: string, staticOnly = false): void {
    const found = typeof s === 'string' ? this.ctx.segments.get(s) : undefined;
    if (!found) this.fail(path, `must be the key of a segment of the workspace`);
    else if (found.subjectType !== this.ctx.subjectType) this.fail(path, `is a ${found.subjectType} segment; this element is for ${this.ctx.subjectType}s`);
    else if (staticOnly && found.kind !== 'static') this.fail(path, 'is a dynamic segment: only static segments (lists) can be added to or removed from');
  }

  delay(v: unknown, path: string): void {
    const o = this.object(v, path, ['days', 'hours', 'minutes']);
    if (!o) return;
    let total = 0;
    for (const [k, per] of [['days', 1440], ['hours', 60], ['minutes', 1]] as const) {
      if (o[k] === undefined) continue;
      if (!isInt(o[k], 0, 100_000)) this.fail(`${path}/${k}`, 'must be a whole number, 0 or more');
      else total += (o[k] as number) * per;
    }
    if (Object.keys(o).length === 0) this.fail(path, 'must give days, hours or minutes');
    if (total > MAX_DELAY_MINUTES) this.fail(path, 'must be at most 366 days');
  }

  hour(v: unknown, path: string): void {
    if (v !== undefined && !isInt(v, 0, 23)) this.fail(path, 'must be an hour of the day, 0-23');
  }

  rule(v: unknown, path: string): void {
    const checked = validateRule(v, {
      subject: this.ctx.subjectType,
      segments: new Map([...this.ctx.segments].map(([k, s]) => [k, s.subjectType])),
      stages: this.ctx.stages,
      ...(this.ctx.contactStages ? { contactStages: this.ctx.contactStages } : {}),
    });
    if (!checked.ok) for (const i of checked.issues) this.fail(`${path}${i.path === '/' ? '' : i.path}`, i.message);
  }
}

function checkPlacement(c: Checker, v: unknown): void {
  const o = c.object(v, '/placement', ['stages', 'segments', 'personas'], ['stages', 'segments']);
  if (!o) return;
  if (o.stages !== undefined) c.stringList(o.stages, '/placement/stages', (s, at) => c.stage(s, at));
  if (o.segments !== undefined) c.stringList(o.segments, '/placement/segments', (s, at) => c.segment(s, at));
  if (o.personas !== undefined) {
    if (c.ctx.subjectType !== 'contact') c.fail('/placement/personas', "is for contact elements; an account element's steps choose personas with to.personas");
    else c.stringList(o.personas, '/placement/personas', (s, at) => PERSONA.test(s) || c.fail(at, 'must be a persona key: lower-case letters, digits, - and _'));
  }
}

function checkTrigger(c: Checker, v: unknown): void {
  const kind = isObject(v) ? v.kind : undefined;
  const fields: Record<string, readonly string[]> = {
    stage_entered: ['kind', 'stage', 'delay'],
    stage_exited: ['kind', 'stage', 'delay'],
    segment_entered: ['kind', 'segment', 'delay'],
    segment_exited: ['kind', 'segment', 'delay'],
    event: ['kind', 'event', 'where', 'max_age_days', 'delay'],
    anniversary: ['kind', 'of', 'hour'],
    date_trait: ['kind', 'trait', 'offset_days', 'hour'],
  };
  if (typeof kind !== 'string' || !fields[kind]) {
    if (!isObject(v)) c.fail('/trigger', 'must be an object');
    else c.fail('/trigger/kind', `must be one of ${Object.keys(fields).join(', ')}`);
    return;
  }
  const o = c.object(v, '/trigger', fields[kind]!, fields[kind]!.filter((f) => !['delay', 'where', 'max_age_days', 'hour'].includes(f)))!;
  if (o.delay !== undefined) c.delay(o.delay, '/trigger/delay');
  if (kind === 'stage_entered' || kind === 'stage_exited') {
    if (o.stage !== undefined) c.stage(o.stage, '/trigger/stage');
  } else if (kind === 'segment_entered' || kind === 'segment_exited') {
    if (o.segment !== undefined) c.segment(o.segment, '/trigger/segment');
  } else if (kind === 'event') {
    if (o.event !== undefined && (typeof o.event !== 'string' || o.event.trim() === '' || o.event.length > 200)) c.fail('/trigger/event', 'must be an event name of at most 200 characters');
    if (o.max_age_days !== undefined && !isInt(o.max_age_days, 0, 365)) c.fail('/trigger/max_age_days', 'must be a whole number of days, 0-365');
    if (o.where !== undefined) {
      if (!Array.isArray(o.where) || o.where.length > 20) c.fail('/trigger/where', 'must be an array of at most 20 property filters');
      else o.where.forEach((f, i) => checkPropertyFilter(c, f, `/trigger/where/${i}`));
    }
  } else if (kind === 'anniversary') {
    const of = o.of;
    if (isObject(of)) {
      const t = c.object(of, '/trigger/of', ['trait'], ['trait']);
      if (t && t.trait !== undefined && (typeof t.trait !== 'string' || !NAME_TOKEN.test(t.trait))) c.fail('/trigger/of/trait', 'must be a trait key (letters, digits, _ . : -)');
    } else if (of !== undefined) c.oneOf(of, '/trigger/of', ['first_order', 'created_at']);
    c.hour(o.hour, '/trigger/hour');
  } else {
    if (o.trait !== undefined && (typeof o.trait !== 'string' || !NAME_TOKEN.test(o.trait))) c.fail('/trigger/trait', 'must be a trait key (letters, digits, _ . : -)');
    if (o.offset_days !== undefined && !isInt(o.offset_days, -3650, 3650)) c.fail('/trigger/offset_days', 'must be a whole number of days, -3650 to 3650');
    c.hour(o.hour, '/trigger/hour');
  }
}

function checkPropertyFilter(c: Checker, v: unknown, path: string): void {
  const o = c.object(v, path, ['property', 'op', 'value'], ['property', 'op', 'value']);
  if (!o) return;
  if (o.property !== undefined && (typeof o.property !== 'string' || o.property.trim() === '' || o.property.length > 200)) c.fail(`${path}/property`, 'must be a property name');
  if (o.op !== undefined && !c.oneOf(o.op, `${path}/op`, ['eq', 'neq', 'in'])) return;
  const scalar = (x: unknown) => typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean';
  if (o.value === undefined) return;
  if (o.op === 'in') {
    if (!Array.isArray(o.value) || o.value.length === 0 || o.value.length > 1000 || !o.value.every(scalar)) c.fail(`${path}/value`, 'must be a non-empty array of strings, numbers or booleans for op in');
  } else if (!scalar(o.value)) c.fail(`${path}/value`, 'must be a string, number or boolean');
}

/**
 * The template's shape here; its texts (non-empty, Liquid that parses and renders against a
 * sample customer with strict variables) by the email channel's checkEmailTemplate.
 */
function checkTemplate(c: Checker, v: unknown, path: string, survey: boolean): void {
  const o = c.object(v, path, ['subject', 'body', 'personas'], ['subject', 'body']);
  if (!o) return;
  for (const part of ['subject', 'body'] as const) if (o[part] !== undefined) c.object(o[part], `${path}/${part}`, ['fi', 'en']);
  if (o.personas !== undefined) {
    const personas = c.object(o.personas, `${path}/personas`, Object.keys(isObject(o.personas) ? o.personas : {}));
    for (const [persona, variant] of Object.entries(personas ?? {})) {
      const at = `${path}/personas/${token(persona)}`;
      if (!PERSONA.test(persona)) c.fail(at, 'must be keyed by a persona key: lower-case letters, digits, - and _');
      const p = c.object(variant, at, ['subject', 'body']);
      if (p && p.subject === undefined && p.body === undefined) c.fail(at, 'must give a subject or a body');
    }
  }
  c.issues.push(...checkEmailTemplate(o as unknown as EmailTemplate, path, { survey }));
  if (survey && isObject(o.body)) {
    for (const lang of ['fi', 'en'] as const) {
      const body = o.body[lang];
      if (typeof body === 'string' && !/\{\{-?\s*survey_url\b/.test(body)) c.fail(`${path}/body/${lang}`, 'must contain the survey link {{ survey_url }}');
    }
  }
}

function checkRecipients(c: Checker, v: unknown, path: string): void {
  if (v === undefined) return;
  if (c.ctx.subjectType === 'contact') {
    c.fail(path, "is for account elements; a contact element's message goes to the contact");
    return;
  }
  const o = c.object(v, path, ['roles', 'personas']);
  if (!o) return;
  if (o.roles !== undefined) c.stringList(o.roles, `${path}/roles`, (s, at) => void c.oneOf(s, at, ROLES));
  if (o.personas !== undefined) c.stringList(o.personas, `${path}/personas`, (s, at) => PERSONA.test(s) || c.fail(at, 'must be a persona key'));
}

const STEP_FIELDS: Record<string, readonly string[]> = {
  email: ['purpose', 'template', 'to'],
  survey: ['survey', 'template', 'to'],
  task: ['title', 'body', 'due_in_days', 'assignee'],
  webhook: ['endpoint', 'event_type'],
  list_add: ['segment'],
  list_remove: ['segment'],
  wait: ['delay'],
  branch: ['condition', 'then', 'else'],
};
const OPTIONAL_STEP_FIELDS = ['to', 'body', 'assignee'];

function checkSteps(c: Checker, v: unknown): void {
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_STEPS) {
    c.fail('/steps', `must be an array of 1-${MAX_STEPS} steps`);
    return;
  }
  const index = new Map<string, number>();
  v.forEach((s, i) => {
    if (isObject(s) && typeof s.id === 'string' && STEP_ID.test(s.id) && !index.has(s.id)) index.set(s.id, i);
  });
  v.forEach((s, i) => {
    const path = `/steps/${i}`;
    const kind = isObject(s) ? s.kind : undefined;
    if (typeof kind !== 'string' || !STEP_FIELDS[kind]) {
      if (!isObject(s)) c.fail(path, 'must be an object');
      else c.fail(`${path}/kind`, `must be one of ${Object.keys(STEP_FIELDS).join(', ')}`);
      return;
    }
    const fields = STEP_FIELDS[kind]!;
    const o = c.object(s, path, ['id', 'name', 'kind', ...fields], ['id', ...fields.filter((f) => !OPTIONAL_STEP_FIELDS.includes(f))])!;
    if (o.id !== undefined) {
      if (typeof o.id !== 'string' || !STEP_ID.test(o.id)) c.fail(`${path}/id`, 'must be 1-40 lower-case letters, digits or underscores, starting with a letter');
      else if (index.get(o.id) !== i) c.fail(`${path}/id`, `duplicates the id "${o.id}" of /steps/${index.get(o.id)}`);
    }
    if (o.name !== undefined) c.text(o.name, `${path}/name`, 200);
    switch (kind) {
      case 'email':
        if (o.purpose !== undefined) c.oneOf(o.purpose, `${path}/purpose`, MESSAGE_PURPOSES);
        if (o.template !== undefined) checkTemplate(c, o.template, `${path}/template`, false);
        checkRecipients(c, o.to, `${path}/to`);
        break;
      case 'survey':
        if (o.survey !== undefined) c.oneOf(o.survey, `${path}/survey`, ['nps']);
        if (o.template !== undefined) checkTemplate(c, o.template, `${path}/template`, true);
        checkRecipients(c, o.to, `${path}/to`);
        break;
      case 'task':
        if (o.title !== undefined) c.text(o.title, `${path}/title`, 200);
        if (o.body !== undefined) c.text(o.body, `${path}/body`, 5000);
        if (o.due_in_days !== undefined && !isInt(o.due_in_days, 0, 365)) c.fail(`${path}/due_in_days`, 'must be a whole number of days, 0-365');
        if (o.assignee !== undefined && o.assignee !== 'account_owner') {
          const a = c.object(o.assignee, `${path}/assignee`, ['user'], ['user']);
          if (a && a.user !== undefined && (typeof a.user !== 'string' || a.user.trim() === '' || a.user.length > 200)) c.fail(`${path}/assignee/user`, 'must be a user name or email');
        }
        break;
      case 'webhook':
        if (o.endpoint !== undefined && (typeof o.endpoint !== 'string' || !c.ctx.webhookEndpoints.has(o.endpoint))) {
          c.fail(`${path}/endpoint`, `must be the key of a webhook endpoint of the workspace${c.ctx.webhookEndpoints.size ? ` (${[...c.ctx.webhookEndpoints].join(', ')})` : ' (there are none yet)'}`);
        }
        if (o.event_type !== undefined && (typeof o.event_type !== 'string' || !EVENT_TYPE.test(o.event_type))) c.fail(`${path}/event_type`, 'must be lower-case letters, digits, _ . and -, e.g. care.customer_welcomed');
        break;
      case 'list_add':
      case 'list_remove':
        if (o.segment !== undefined) c.segment(o.segment, `${path}/segment`, true);
        break;
      case 'wait':
        if (o.delay !== undefined) c.delay(o.delay, `${path}/delay`);
        break;
      case 'branch':
        if (o.condition !== undefined) c.rule(o.condition, `${path}/condition`);
        for (const target of ['then', 'else'] as const) {
          const t = o[target];
          if (t === null) continue;
          const at = typeof t === 'string' ? index.get(t) : undefined;
          if (at === undefined) c.fail(`${path}/${target}`, 'must be the id of a step or null (end the run)');
          else if (at <= i) c.fail(`${path}/${target}`, `must be a later step than this one: "${String(t)}" is /steps/${at} (no loops)`);
        }
        break;
    }
  });
}

function checkOutcome(c: Checker, v: unknown): void {
  const kind = isObject(v) ? v.kind : undefined;
  if (kind !== 'repeat_purchase' && kind !== 'retained' && kind !== 'stage_reached') {
    if (!isObject(v)) c.fail('/outcome', 'must be an object');
    else c.fail('/outcome/kind', 'must be one of repeat_purchase, retained, stage_reached');
    return;
  }
  const fields = kind === 'stage_reached' ? ['kind', 'stage', 'days'] : ['kind', 'days'];
  const o = c.object(v, '/outcome', fields, fields)!;
  if (o.days !== undefined && !isInt(o.days, 1, 1095)) c.fail('/outcome/days', 'must be a whole number of days, 1-1095');
  if (kind === 'stage_reached' && o.stage !== undefined) c.stage(o.stage, '/outcome/stage');
}

function checkReentry(c: Checker, v: unknown): void {
  const o = c.object(v, '/reentry', ['kind', 'days'], ['kind']);
  if (!o || !c.oneOf(o.kind, '/reentry/kind', ['once', 'after_days'])) return;
  if (o.kind === 'once' && o.days !== undefined) c.fail('/reentry/days', 'is only for after_days');
  if (o.kind === 'after_days' && !isInt(o.days, 1, 3650)) c.fail('/reentry/days', 'must be a whole number of days, 1-3650');
}

/**
 * Checks a care element definition from a client against the workspace: the shape of every
 * part, stages and segments that exist for the subject type, conditions in the rule language,
 * unique step ids, branch targets that come later (no loops), Liquid templates that parse and
 * render against a sample customer (checkEmailTemplate),
 * survey emails that carry the survey link, webhook endpoints that exist. Every problem is
 * reported with the JSON pointer of the offending value.
 */
export function validateCareElement(input: unknown, ctx: CareValidationContext): CareElementValidation {
  const c = new Checker(ctx);
  const o = c.object(input, '', ['name', 'description', 'phase', 'placement', 'trigger', 'conditions', 'steps', 'holdout_percent', 'outcome', 'reentry'], [
    'name',
    'phase',
    'placement',
    'trigger',
    'steps',
    'holdout_percent',
  ]);
  if (!o) return { ok: false, issues: c.issues };
  if (o.name !== undefined) c.text(o.name, '/name', 200);
  if (o.description !== undefined) c.text(o.description, '/description', 2000);
  if (o.phase !== undefined) c.oneOf(o.phase, '/phase', CARE_PHASES);
  if (o.placement !== undefined) checkPlacement(c, o.placement);
  if (o.trigger !== undefined) checkTrigger(c, o.trigger);
  if (o.conditions !== undefined) c.rule(o.conditions as Rule, '/conditions');
  if (o.steps !== undefined) checkSteps(c, o.steps);
  if (o.holdout_percent !== undefined && (typeof o.holdout_percent !== 'number' || !Number.isFinite(o.holdout_percent) || o.holdout_percent < 0 || o.holdout_percent > 50)) {
    c.fail('/holdout_percent', 'must be a number from 0 to 50');
  }
  if (o.outcome !== undefined) checkOutcome(c, o.outcome);
  if (o.reentry !== undefined) checkReentry(c, o.reentry);
  if (c.issues.length > 0) return { ok: false, issues: c.issues };
  return { ok: true, definition: structuredClone(input) as CareElementDefinition };
}
