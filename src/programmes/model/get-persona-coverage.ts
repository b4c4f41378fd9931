import type { Queryable } from '../../db/database.js';
import type { SubjectType } from '../../rules/rule.js';
import type { CareElementDefinition } from './care-element.js';
import { isContentStep, personaContentOf } from './persona-content.js';

/** One buyer persona in the coverage report: how many contacts hold it and what the enabled content gives them. */
export interface PersonaCoverageRow {
  persona: string;
  /** Contacts with this persona (0: a persona only the care model names, e.g. a variant nobody matches). */
  contacts: number;
  /** Enabled elements whose every email and survey that reaches the persona has its own variant. */
  variant: string[];
  /** Enabled elements with an email or survey that gives the persona the default text. */
  default: string[];
  /** Enabled elements whose emails and surveys leave the persona out (persona placement or recipient filter). */
  excluded: string[];
}

export interface PersonaCoverage {
  personas: PersonaCoverageRow[];
  /** Contacts with no persona: they always get the default text. */
  contacts_without_persona: number;
}

/**
 * Coverage of the micro matrix (content x buyer personas) by the enabled elements of a subject
 * type that send email or surveys (a contact element to its contact, an account element to the
 * account's contacts): for every persona on contacts, and every persona the enabled content
 * names, how many contacts hold it and which elements give it its own variant, the default text
 * or nothing. Persona keys match exactly, as when a message is rendered.
 */
export async function getPersonaCoverage(db: Queryable, workspaceId: number, subjectType: SubjectType): Promise<PersonaCoverage> {
  const counts = await db.query<{ persona: string | null; n: number }>('SELECT persona, count(*)::int AS n FROM contacts WHERE workspace_id = $1 GROUP BY persona', [workspaceId]);
  const elements = await db.query<{ key: string; definition: CareElementDefinition }>(
    'SELECT key, definition FROM care_elements WHERE workspace_id = $1 AND subject_type = $2 AND enabled',
    [workspaceId, subjectType],
  );
  const content = elements
    .map((e) => ({ ...e, steps: e.definition.steps.filter(isContentStep) }))
    .filter((e) => e.steps.length > 0)
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  const contactsOf = new Map(counts.filter((c) => c.persona !== null).map((c) => [c.persona!, c.n]));
  const named = new Set(contactsOf.keys());
  for (const e of content) {
    for (const p of e.definition.placement.personas ?? []) named.add(p);
    for (const step of e.steps) for (const p of [...(step.to?.personas ?? []), ...Object.keys(step.template.personas ?? {})]) named.add(p);
  }
  const personas = [...named].map((persona): PersonaCoverageRow => {
    const row: PersonaCoverageRow = { persona, contacts: contactsOf.get(persona) ?? 0, variant: [], default: [], excluded: [] };
    for (const e of content) {
      const got = e.steps.map((step) => personaContentOf(subjectType, e.definition, step, persona)).filter((g) => g !== 'excluded');
      if (got.length === 0) row.excluded.push(e.key);
      else if (got.every((g) => g === 'variant')) row.variant.push(e.key);
      else row.default.push(e.key);
    }
    return row;
  });
  personas.sort((a, b) => b.contacts - a.contacts || (a.persona < b.persona ? -1 : 1));
  return { personas, contacts_without_persona: counts.find((c) => c.persona === null)?.n ?? 0 };
}
