const NEEDS_QUOTES = /[",\n\r]/;

/**
 * One field of a staging COPY line: null is empty (NULL), a value is quoted only when it holds a
 * quote, comma or line break. Staged values are trimmed and never empty, so this skips the
 * general checks of csvField on the hot path.
 */
export function stageField(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A staging COPY line (without its line break) from already staged fields, built flat in one join. */
export function joinStaged(fields: readonly (string | number)[]): string {
  return fields.join(',');
}
