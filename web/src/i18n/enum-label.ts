import type { TFunction } from 'i18next';
import en from './en.json';

type Groups = typeof en;
export type EnumGroup = 'kind' | 'buyingRole' | 'orderStatus' | 'eventType' | 'importStatus' | 'importKind' | 'subjectType' | 'subjectTypePlural' | 'segmentKind';

/** The translated name of an API value (a status, a role); an unknown value is shown as it is. */
export function enumLabel(t: TFunction, group: EnumGroup, value: string): string {
  const known = Object.prototype.hasOwnProperty.call(en[group] as Groups[EnumGroup], value);
  if (!known) return value;
  return t(`${group}.${value}` as `${EnumGroup}.${string}` as never);
}
