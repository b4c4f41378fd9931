import type { SubjectType } from '../../rules/rule.js';
import type { CareElementDefinition, CareStep } from './care-element.js';

/** What a buyer persona gets from a content (email or survey) step: its own variant, the default text, or nothing. */
export type PersonaContent = 'variant' | 'default' | 'excluded';

export type ContentStep = CareStep & { kind: 'email' | 'survey' };

export function isContentStep(step: CareStep): step is ContentStep {
  return step.kind === 'email' || step.kind === 'survey';
}

/**
 * The micro matrix's rule, as the engine applies it: a contact element's placement.personas
 * decide who is enrolled, an account element's step `to.personas` which of its contacts receive
 * the message (empty lists: everyone); a persona that gets the message gets its variant when
 * the template has one (renderEmail), else the default text.
 */
export function personaContentOf(subjectType: SubjectType, definition: CareElementDefinition, step: ContentStep, persona: string): PersonaContent {
  const only = subjectType === 'contact' ? (definition.placement.personas ?? []) : (step.to?.personas ?? []);
  if (only.length > 0 && !only.includes(persona)) return 'excluded';
  return step.template.personas?.[persona] ? 'variant' : 'default';
}
