import { Liquid, type Template } from 'liquidjs';

/**
 * The one Liquid engine of care templates. Strict: an undefined variable or filter is an
 * error (so a template that needs data a customer lacks fails that action instead of sending
 * a broken message); `if` and `default` may still test a variable that is not there.
 */
export const liquid = new Liquid({ strictVariables: true, strictFilters: true, lenientIf: true, ownPropertyOnly: true });

const MAX_CACHED = 1000;
const parsed = new Map<string, Template[]>();

/** Parses a template once per process (templates repeat for every recipient); throws Liquid's errors. */
export function parseTemplate(source: string): Template[] {
  let t = parsed.get(source);
  if (!t) {
    t = liquid.parse(source);
    if (parsed.size >= MAX_CACHED) parsed.delete(parsed.keys().next().value!);
    parsed.set(source, t);
  }
  return t;
}
