import type { FieldIssue } from '../errors/app-error.js';

/** A JSON escape of NUL or of a UTF-16 surrogate. */
const SUSPECT_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;

/** Whether JSON text may parse into text findUnstorableText refuses (only then need the value be walked). */
export function mayHoldUnstorableText(json: string): boolean {
  return SUSPECT_ESCAPE.test(json);
}

/** A high surrogate not followed by a low one, or a low one not after a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function pointer(path: readonly (string | number)[]): string {
  return path.map((p) => `/${String(p).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

function textProblem(s: string): string | null {
  if (s.includes('\u0000')) return 'contains the character U+0000 (NUL), which cannot be stored; remove it';
  if (LONE_SURROGATE.test(s)) return 'contains a lone UTF-16 surrogate (half of a \\uD800-\\uDFFF pair), which is not valid Unicode text';
  return null;
}

/**
 * The first string or object key of a parsed JSON value that PostgreSQL cannot store: NUL (text
 * and jsonb refuse it) or a lone surrogate (jsonb refuses it; text would silently get U+FFFD
 * instead). Its JSON pointer and what is wrong, or null.
 */
export function findUnstorableText(value: unknown, path: (string | number)[] = []): FieldIssue | null {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? { path: pointer(path), message: problem } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnstorableText(value[i], [...path, i]);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const keyProblem = textProblem(key);
      if (keyProblem) return { path: pointer([...path, key]), message: `has a key that ${keyProblem}` };
      const found = findUnstorableText(v, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}
