import { describe, expect, it } from 'vitest';
import { checkEmailTemplate } from './check-email-template.js';

describe('checkEmailTemplate', () => {
  const ok = { subject: { fi: 'Hei {{ contact.first_name }}', en: 'Hi {{ contact.first_name }}' }, body: { fi: '{{ account.name }}: {{ contact.traits.anything }} {{ metrics.clv | round }}', en: 'x {{ unsubscribe_url }}' } };

  it('accepts a template using the documented variables, any trait and metric', () => {
    expect(checkEmailTemplate(ok, '/steps/0/template')).toEqual([]);
  });

  it('names each broken text by its JSON pointer: syntax, unknown variable, unknown filter, empty', () => {
    const issues = checkEmailTemplate(
      {
        subject: { fi: '{{ contact.nimi }}', en: '' },
        body: { fi: '{% if x %}', en: '{{ contact.first_name | shout }} {{ survey_url }}' },
        personas: { 'cfo/x': { body: { fi: '{{ kontakti }}', en: 'ok' } } },
      },
      '/steps/2/template',
    );
    expect(issues.map((i) => i.path)).toEqual([
      '/steps/2/template/subject/fi',
      '/steps/2/template/subject/en',
      '/steps/2/template/body/fi',
      '/steps/2/template/body/en',
      '/steps/2/template/personas/cfo~1x/body/fi',
    ]);
    expect(issues[0]!.message).toMatch(/undefined variable: contact.nimi/);
    expect(issues[1]!.message).toBe('must be a non-empty text');
    expect(issues[3]!.message).toMatch(/undefined filter: shout/);
  });

  it('allows survey_url only in a survey template', () => {
    expect(checkEmailTemplate({ subject: { fi: 'a', en: 'b' }, body: { fi: '{{ survey_url }}', en: 'x' } }, '/t')).toEqual([{ path: '/t/body/fi', message: expect.stringMatching(/undefined variable: survey_url/) }]);
    expect(checkEmailTemplate({ subject: { fi: 'a', en: 'b' }, body: { fi: '{{ survey_url }}', en: '{{ survey_url }}' } }, '/t', { survey: true })).toEqual([]);
  });
});
