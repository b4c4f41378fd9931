import type { FieldIssue } from '../../errors/app-error.js';
import type { EmailTemplate } from '../model/care-element.js';
import { liquid, parseTemplate } from './liquid-engine.js';

const LOCALES = ['fi', 'en'] as const;

/** A map that has every key (traits and metrics are open-ended: any name is accepted here). */
function anyKey<T>(value: T): Record<string, T> {
  return new Proxy({} as Record<string, T>, {
    get: (_t, key) => (typeof key === 'string' ? value : undefined),
    has: (_t, key) => typeof key === 'string',
    getOwnPropertyDescriptor: (_t, key) => (typeof key === 'string' ? { value, enumerable: true, configurable: true, writable: false } : undefined),
  });
}

function sampleScope(survey: boolean): Record<string, unknown> {
  return {
    contact: {
      id: 1,
      account_id: 1,
      email: 'anna.virtanen@example.com',
      first_name: 'Anna',
      last_name: 'Virtanen',
      name: 'Anna Virtanen',
      title: 'CEO',
      locale: 'fi',
      timezone: 'Europe/Helsinki',
      buying_role: 'decision_maker',
      persona: 'owner',
      traits: anyKey('sample'),
    },
    account: { id: 1, name: 'Esimerkki Oy', domain: 'example.com', industry: 'manufacturing', country: 'FI', owner: 'kam@example.com', traits: anyKey('sample') },
    stage: 'customer',
    metrics: anyKey(1),
    sender: { name: 'Kanta', address: 'care@example.com' },
    unsubscribe_url: 'https://kanta.example/u/sample',
    ...(survey ? { survey_url: 'https://kanta.example/s/sample' } : {}),
  };
}

/**
 * Checks an email template before it is saved: subject and body in Finnish and English (and
 * every persona variant) must be non-empty text that parses as Liquid and renders against a
 * sample customer with strict variables (contact.*, account.*, stage, metrics.*, sender.*,
 * unsubscribe_url, and survey_url when `survey`). Issues carry JSON pointers under `path`
 * (e.g. '/steps/0/template'). A template that passes may still fail for a customer who lacks
 * a variable (contact.traits.x, account.* of a contact without account): that fails the action.
 */
export function checkEmailTemplate(template: EmailTemplate, path: string, options: { survey?: boolean } = {}): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const scope = sampleScope(options.survey === true);
  const checkText = (value: unknown, at: string, required: boolean, part: 'subject' | 'body') => {
    if (value === undefined && !required) return;
    if (typeof value !== 'string' || value.trim().length === 0) {
      issues.push({ path: at, message: 'must be a non-empty text' });
      return;
    }
    if (part === 'subject' && value.length > 500) issues.push({ path: at, message: 'must be at most 500 characters' });
    try {
      liquid.renderSync(parseTemplate(value), scope);
    } catch (e) {
      issues.push({ path: at, message: `Liquid: ${(e as Error).message}` });
    }
  };
  const checkLocalized = (value: unknown, at: string, required: boolean, part: 'subject' | 'body') => {
    if (value === undefined && !required) return;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      issues.push({ path: at, message: 'must be an object with fi and en texts' });
      return;
    }
    for (const locale of LOCALES) checkText((value as Record<string, unknown>)[locale], `${at}/${locale}`, required, part);
  };
  if (typeof template !== 'object' || template === null) return [{ path, message: 'must be an object with subject and body' }];
  checkLocalized(template.subject, `${path}/subject`, true, 'subject');
  checkLocalized(template.body, `${path}/body`, true, 'body');
  if (template.personas !== undefined) {
    if (typeof template.personas !== 'object' || template.personas === null || Array.isArray(template.personas)) {
      issues.push({ path: `${path}/personas`, message: 'must be an object keyed by persona' });
    } else {
      for (const [persona, variant] of Object.entries(template.personas)) {
        const at = `${path}/personas/${persona.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        if (typeof variant !== 'object' || variant === null) {
          issues.push({ path: at, message: 'must be an object with subject and/or body' });
          continue;
        }
        checkLocalized(variant.subject, `${at}/subject`, false, 'subject');
        checkLocalized(variant.body, `${at}/body`, false, 'body');
      }
    }
  }
  return issues;
}
