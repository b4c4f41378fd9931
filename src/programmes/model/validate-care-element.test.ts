import { Liquid } from 'liquidjs';
import { describe, expect, it } from 'vitest';
import { defaultLifecycle } from '../../lifecycle/default-lifecycle.js';
import type { CareElementDefinition } from './care-element.js';
import { defaultCareModel } from './default-care-model.js';
import { validateCareElement, type CareValidationContext } from './validate-care-element.js';

const stages = defaultLifecycle('account').stages.map((s) => s.key);
const ctx = (subjectType: 'account' | 'contact' = 'account'): CareValidationContext => ({
  subjectType,
  stages,
  contactStages: stages,
  segments: new Map([
    ['vip', { subjectType: 'account', kind: 'dynamic' }],
    ['newsletter', { subjectType: 'account', kind: 'static' }],
    ['people', { subjectType: 'contact', kind: 'static' }],
  ]),
  webhookEndpoints: new Set(['crm']),
});

const base: CareElementDefinition = {
  name: { fi: 'Testi', en: 'Test' },
  phase: 'keep',
  placement: { stages: [], segments: [] },
  trigger: { kind: 'stage_entered', stage: 'new' },
  steps: [{ id: 'pause', kind: 'wait', delay: { days: 1 } }],
  holdout_percent: 0,
};
const issuesOf = (def: unknown, c = ctx()) => {
  const r = validateCareElement(def, c);
  return r.ok ? [] : r.issues;
};

describe('validateCareElement', () => {
  it('accepts every element of the default model against the default lifecycle', () => {
    for (const e of defaultCareModel()) expect(issuesOf(e.definition, ctx(e.subjectType)), e.key).toEqual([]);
  });

  it('refuses lists that cannot be changed, segments of the other subject type, recipients of contact elements and unknown fields', () => {
    expect(issuesOf({ ...base, steps: [{ id: 'add', kind: 'list_add', segment: 'vip' }] })).toEqual([
      { path: '/steps/0/segment', message: 'is a dynamic segment: only static segments (lists) can be added to or removed from' },
    ]);
    expect(issuesOf({ ...base, placement: { stages: [], segments: ['people'] } })).toEqual([{ path: '/placement/segments/0', message: 'is a contact segment; this element is for accounts' }]);
    const contactMail = { ...base, steps: [{ id: 'm', kind: 'email', purpose: 'service', to: { roles: ['user'] }, template: { subject: { fi: 'a', en: 'b' }, body: { fi: 'a', en: 'b' } } }] };
    expect(issuesOf(contactMail, ctx('contact')).map((i) => i.path)).toEqual(['/steps/0/to']);
    expect(issuesOf({ ...base, placement: { stages: [], segments: [], personas: ['cfo'] } }).map((i) => i.path)).toEqual(['/placement/personas']);
    expect(issuesOf({ ...base, colour: 'red' }).map((i) => i.path)).toEqual(['/colour']);
  });

  it('checks delays, hours, days and the outcome stage', () => {
    const def = {
      ...base,
      trigger: { kind: 'anniversary', of: 'birthday', hour: 24 },
      steps: [{ id: 'long', kind: 'wait', delay: { days: 400 } }, { id: 'task', kind: 'task', title: { fi: 'a', en: '' }, due_in_days: 1.5 }],
      outcome: { kind: 'stage_reached', stage: 'heaven', days: 30 },
      reentry: { kind: 'after_days' },
    };
    expect(issuesOf(def).map((i) => i.path)).toEqual(['/trigger/of', '/trigger/hour', '/steps/0/delay', '/steps/1/title/en', '/steps/1/due_in_days', '/outcome/stage', '/reentry/days']);
  });

  it('refuses an unknown Liquid filter before saving', () => {
    const def = { ...base, steps: [{ id: 'm', kind: 'email', purpose: 'service', template: { subject: { fi: '{{ account.name | shout }}', en: 'b' }, body: { fi: 'a', en: 'b' } } }] };
    const issues = issuesOf(def);
    expect(issues.map((i) => i.path)).toEqual(['/steps/0/template/subject/fi']);
    expect(issues[0]!.message).toMatch(/shout/);
  });
});

describe('the default care model texts', () => {
  const liquid = new Liquid({ strictVariables: true, strictFilters: true });
  const contexts = [
    { contact: { first_name: 'Anna' }, account: { name: 'Aalto Oy', owner: 'Kaisa Laaksonen' }, sender: { name: 'Lumo Analytics' }, survey_url: 'https://kanta.example/s/abc' },
    { contact: { first_name: null }, account: { name: 'Aalto Oy', owner: null }, sender: { name: 'Lumo Analytics' }, survey_url: 'https://kanta.example/s/abc' },
  ];

  it('render in both languages and every persona variant, with and without a first name and an owner', async () => {
    for (const e of defaultCareModel()) {
      for (const step of e.definition.steps) {
        if (step.kind !== 'email' && step.kind !== 'survey') continue;
        const variants = [step.template, ...Object.values(step.template.personas ?? {})];
        for (const v of variants) {
          for (const lang of ['fi', 'en'] as const) {
            for (const c of contexts) {
              const subject = await liquid.parseAndRender((v.subject ?? step.template.subject)[lang], c);
              const body = await liquid.parseAndRender((v.body ?? step.template.body)[lang], c);
              expect(subject.trim(), `${e.key}/${step.id}/${lang}`).not.toBe('');
              expect(body).toMatch(c.contact.first_name ? /^(Hei|Hi) Anna,\n\n/ : /^(Hei|Hi),\n\n/);
              expect(body).toMatch(/Lumo Analytics|Kaisa Laaksonen$/);
              if (step.kind === 'survey') expect(body).toContain('https://kanta.example/s/abc');
              // Finnish after the greeting's comma goes on in lower case; English starts a sentence
              const first = body.split('\n\n')[1]!;
              expect(first[0], `${e.key}/${step.id}/${lang}`).toBe(lang === 'fi' ? first[0]!.toLowerCase() : first[0]!.toUpperCase());
            }
          }
        }
      }
    }
  });
});
