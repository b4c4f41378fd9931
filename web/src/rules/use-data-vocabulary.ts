import { useMemo } from 'react';
import type { SubjectType } from '../api/rule';
import { fetchDataVocabulary, fetchEventProperties, type VocabularyKey } from '../api/rule-vocabulary';
import { useApi } from '../auth/auth-context';
import { useResource } from '../common/use-resource';

export interface DataSuggestions {
  eventNames: readonly string[];
  traitKeys: Readonly<Record<SubjectType, readonly VocabularyKey[]>>;
  metrics: Readonly<Record<SubjectType, readonly string[]>>;
}

const NONE: DataSuggestions = { eventNames: [], traitKeys: { account: [], contact: [] }, metrics: { account: [], contact: [] } };

/** What the workspace's own data offers a rule (event names, trait keys with their types, stored metrics); empty until loaded or when it cannot load. */
export function useDataVocabulary(): DataSuggestions {
  const api = useApi();
  const vocabulary = useResource('rules:vocabulary', (signal) => fetchDataVocabulary(api, signal));
  return useMemo(() => {
    const data = vocabulary.data;
    if (!data) return NONE;
    return { eventNames: data.events.map((e) => e.name), traitKeys: { account: data.traits.account, contact: data.traits.contact }, metrics: data.metrics };
  }, [vocabulary.data]);
}

const NO_PROPERTIES: readonly VocabularyKey[] = [];

/** The property keys of an event the data knows (none for a name it does not: no request per keystroke of a new name). */
export function useEventPropertyKeys(event: string, known: readonly string[]): readonly VocabularyKey[] {
  const api = useApi();
  const name = known.includes(event) ? event : '';
  const properties = useResource(`rules:event-properties:${name}`, (signal) => (name === '' ? Promise.resolve(null) : fetchEventProperties(api, name, signal)));
  return properties.data?.properties ?? NO_PROPERTIES;
}
