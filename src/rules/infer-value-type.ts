import { parseIsoTimestamp } from './parse-iso-timestamp.js';

/** The value types a rule compares with (see rule.ts), plus 'mixed' when the data disagrees. */
export type VocabularyValueType = 'string' | 'number' | 'boolean' | 'date' | 'mixed';

/**
 * The type a rule should compare a trait or property as, from the JSON types its sampled values
 * have (jsonb_typeof) and some of its string values: strings that all read as ISO dates are
 * dates; objects and arrays, or values of several types, are 'mixed'.
 */
export function inferValueType(jsonTypes: readonly string[], stringSamples: readonly string[]): VocabularyValueType {
  const kinds = new Set(jsonTypes.filter((k) => k !== 'null'));
  if (kinds.size !== 1) return 'mixed';
  const [kind] = [...kinds];
  if (kind === 'number' || kind === 'boolean') return kind;
  if (kind !== 'string') return 'mixed';
  return stringSamples.length > 0 && stringSamples.every((s) => parseIsoTimestamp(s) !== null) ? 'date' : 'string';
}
