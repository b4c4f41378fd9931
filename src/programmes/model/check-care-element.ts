import type { Queryable } from '../../db/database.js';
import { AppError } from '../../errors/app-error.js';
import type { SubjectType } from '../../rules/rule.js';
import type { CareElementDefinition } from './care-element.js';
import { loadCareValidationContext } from './load-care-validation-context.js';
import { validateCareElement } from './validate-care-element.js';

/**
 * Checks a definition against the workspace and returns it, or throws validation_failed with
 * every problem's JSON pointer (prefixed with `at`, e.g. '/definition').
 */
export async function checkCareElement(db: Queryable, workspaceId: number, subjectType: SubjectType, definition: unknown, at = '/definition'): Promise<CareElementDefinition> {
  const checked = validateCareElement(definition, await loadCareValidationContext(db, workspaceId, subjectType));
  if (checked.ok) return checked.definition;
  const issues = checked.issues.map((i) => ({ path: `${at}${i.path === '/' ? '' : i.path}`, message: i.message }));
  throw new AppError('validation_failed', `The care element is not valid: ${issues.slice(0, 5).map((i) => `${i.path} ${i.message}`).join('; ')}${issues.length > 5 ? ` (and ${issues.length - 5} more)` : ''}`, issues);
}
