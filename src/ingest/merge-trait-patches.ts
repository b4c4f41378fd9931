import type { JsonObject } from './read-fields.js';

/** A change of columns and free traits, as identify and group calls make them. */
export interface TraitPatch<C extends string> {
  columns: Partial<Record<C, string | number | null>>;
  traits: JsonObject;
  removed: string[];
}

/** Folds two patches of the same record in call order: the later call wins field by field. */
export function mergeTraitPatches<C extends string>(earlier: TraitPatch<C>, later: TraitPatch<C>): TraitPatch<C> {
  const traits: JsonObject = { ...earlier.traits, ...later.traits };
  for (const key of later.removed) delete traits[key];
  const removed = new Set(earlier.removed.filter((k) => !(k in later.traits)).concat(later.removed));
  return { columns: { ...earlier.columns, ...later.columns }, traits, removed: [...removed] };
}

/** One patch per key (contact id, group id), folded in call order. */
export function foldPatches<K, C extends string>(items: Array<[K, TraitPatch<C>]>): Map<K, TraitPatch<C>> {
  const out = new Map<K, TraitPatch<C>>();
  for (const [key, patch] of items) {
    const prev = out.get(key);
    out.set(key, prev ? mergeTraitPatches(prev, patch) : patch);
  }
  return out;
}
