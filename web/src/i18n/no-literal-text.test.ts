import { describe, expect, it } from 'vitest';

// Every component's source, read as text through Vite.
const sources = import.meta.glob<string>('../**/*.tsx', { query: '?raw', import: 'default', eager: true });

/** Text between tags (`>Tallenna<`) that has words in it. */
const JSX_TEXT = />([^<>{}();=]*\p{L}{2,}[^<>{}();=]*)[<{]/gu;
/** User-visible attributes given as literal strings. */
const TEXT_ATTRIBUTE = /\b(placeholder|title|aria-label|alt|label)="([^"]*\p{L}[^"]*)"/gu;

describe('web components', () => {
  it('are found', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(20);
  });

  it('contain no literal UI text: every string comes from fi.json and en.json', () => {
    const literals: string[] = [];
    for (const [file, source] of Object.entries(sources)) {
      for (const match of source.matchAll(JSX_TEXT)) literals.push(`${file}: ${match[1]?.trim()}`);
      for (const match of source.matchAll(TEXT_ATTRIBUTE)) literals.push(`${file}: ${match[1]}="${match[2]}"`);
    }
    expect(literals).toEqual([]);
  });
});
