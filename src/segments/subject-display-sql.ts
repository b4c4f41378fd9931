import type { SubjectType } from '../rules/rule.js';

/**
 * How a member is shown in lists and previews: the subject table to join and the SQL of its
 * `name` (an account's name; a contact's full name, else email, else external id) and `detail`
 * (an account's domain, a contact's email). `alias` is the joined table's alias.
 */
export function subjectDisplaySql(subjectType: SubjectType, alias: string): { table: string; name: string; detail: string } {
  if (subjectType === 'account') return { table: 'accounts', name: `${alias}.name`, detail: `${alias}.domain` };
  const full = `nullif(btrim(coalesce(${alias}.first_name, '') || ' ' || coalesce(${alias}.last_name, '')), '')`;
  return { table: 'contacts', name: `coalesce(${full}, ${alias}.email, ${alias}.external_id)`, detail: `${alias}.email` };
}
