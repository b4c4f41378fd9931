import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { useTestServer } from '../../testing/test-server.js';
import type { CareElementDefinition, CareStep, EmailTemplate } from './care-element.js';
import { createCareElement } from './create-care-element.js';

const text = (s: string) => ({ fi: s, en: s });
const template = (variants: string[] = []): EmailTemplate => ({
  subject: text('Hei'),
  body: text('Hei {{ contact.first_name }}'),
  ...(variants.length > 0 ? { personas: Object.fromEntries(variants.map((p) => [p, { subject: text(`Hei, ${p}`) }])) } : {}),
});
const mail = (id: string, variants: string[] = [], to?: string[]): CareStep => ({ id, kind: 'email', purpose: 'service', template: template(variants), ...(to ? { to: { personas: to } } : {}) });
const definition = (steps: CareStep[], personas?: string[]): CareElementDefinition => ({
  name: text('Testi'),
  phase: 'keep',
  placement: { stages: [], segments: [], ...(personas ? { personas } : {}) },
  trigger: { kind: 'event', event: 'Test Event' },
  steps,
  holdout_percent: 0,
});

/** The coverage view's micro matrix: buyer personas on contacts against the content of the enabled elements. */
describeEachDatabase('care coverage by persona', ({ db, ws }) => {
  const { call } = useTestServer({ db, ws });
  const w = () => ws().workspace.id;
  const coverage = async (subject: 'account' | 'contact') => {
    const res = await call('GET', `/api/v1/programmes/coverage?subject_type=${subject}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().micro;
  };

  beforeAll(async () => {
    // The default model stays switched off; these elements are the enabled content.
    for (const [persona, n] of [['cfo', 2], ['cto', 1], ['Strategi', 1], [null, 2]] as const) {
      for (let i = 0; i < n; i++) {
        await db().query(`INSERT INTO contacts (workspace_id, email, first_name, persona) VALUES ($1, $2, 'Testi', $3)`, [w(), `${persona ?? 'none'}${i}@persona.example`, persona]);
      }
    }
    const element = (key: string, subject_type: 'account' | 'contact', def: CareElementDefinition, enabled = true) => createCareElement(db(), w(), { key, subject_type, enabled, definition: def });
    await element('pc-welcome', 'contact', definition([mail('hello', ['cfo'])]));
    await element('pc-cfo-only', 'contact', definition([mail('numbers')], ['cfo']));
    await element('pc-two-mails', 'contact', definition([mail('first', ['cfo', 'cto']), { id: 'pause', kind: 'wait', delay: { days: 1 } }, mail('second', ['cfo'])]));
    await element('pc-marketers', 'contact', definition([mail('hello', ['cmo'])]));
    await element('pc-task-only', 'contact', definition([{ id: 'call', kind: 'task', title: text('Soita'), due_in_days: 1 }]));
    await element('pc-off', 'contact', definition([mail('hello', ['ceo'])]), false);
    await element('pc-team', 'account', definition([mail('team', [], ['cto'])]));
  });

  it('counts the contacts of every persona and names the enabled contact elements that give it a variant, the default text or nothing', async () => {
    expect(await coverage('contact')).toEqual({
      contacts_without_persona: 2,
      personas: [
        // Most contacts first. A persona key matches exactly: "Strategi" gets the default text everywhere.
        { persona: 'cfo', contacts: 2, variant: ['pc-two-mails', 'pc-welcome'], default: ['pc-cfo-only', 'pc-marketers'], excluded: [] },
        { persona: 'Strategi', contacts: 1, variant: [], default: ['pc-two-mails', 'pc-welcome', 'pc-marketers'].sort(), excluded: ['pc-cfo-only'] },
        // One of the two mails has no cto variant: the default text, partly.
        { persona: 'cto', contacts: 1, variant: [], default: ['pc-marketers', 'pc-two-mails', 'pc-welcome'], excluded: ['pc-cfo-only'] },
        // A variant no contact matches; a disabled element's persona ('ceo') is not listed.
        { persona: 'cmo', contacts: 0, variant: ['pc-marketers'], default: ['pc-two-mails', 'pc-welcome'], excluded: ['pc-cfo-only'] },
      ],
    });
  });

  it("for accounts, reads the account elements' recipient filters", async () => {
    const micro = await coverage('account');
    expect(micro.personas).toEqual([
      { persona: 'cfo', contacts: 2, variant: [], default: [], excluded: ['pc-team'] },
      { persona: 'Strategi', contacts: 1, variant: [], default: [], excluded: ['pc-team'] },
      { persona: 'cto', contacts: 1, variant: [], default: ['pc-team'], excluded: [] },
    ]);
    // Switching an element off takes it out of the report.
    expect((await call('PATCH', '/api/v1/programmes/elements/pc-team', { enabled: false })).statusCode).toBe(200);
    expect((await coverage('account')).personas.map((p: { default: string[]; excluded: string[] }) => [...p.default, ...p.excluded])).toEqual([[], [], []]);
  });
});
