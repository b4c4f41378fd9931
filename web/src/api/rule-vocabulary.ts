import type { ApiClient } from './api-client';
import type { SubjectType } from './rule';

export type VocabularyValueType = 'string' | 'number' | 'boolean' | 'date' | 'mixed';

/** A trait or property key found in the data, with the type its values look like and how often it was present. */
export interface VocabularyKey {
  key: string;
  type: VocabularyValueType;
  seen: number;
}

export interface DataVocabulary {
  events: { name: string; last_seen: string | null }[];
  traits: Record<SubjectType, VocabularyKey[]> & { sample: number };
  metrics: Record<SubjectType, string[]>;
}

export interface EventProperties {
  event: string;
  sampled: number;
  properties: VocabularyKey[];
}

export function fetchDataVocabulary(api: ApiClient, signal?: AbortSignal): Promise<DataVocabulary> {
  return api.get<DataVocabulary>('/api/v1/rules/vocabulary', undefined, signal);
}

export function fetchEventProperties(api: ApiClient, event: string, signal?: AbortSignal): Promise<EventProperties> {
  return api.get<EventProperties>('/api/v1/rules/event-properties', { event }, signal);
}
