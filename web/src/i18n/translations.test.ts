import { describe, expect, it } from 'vitest';
import en from './en.json';
import fi from './fi.json';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [inner, text] of flatten(value, path)) out.set(inner, text);
  }
  return out;
}

/** The {{variables}} and <tags> (Trans components) of a text. */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([\w.]+)\s*\}\}|<\/?(\w+)>/g)].map((match) => match[1] ?? `<${match[2]}>`).sort();
}

const languages = { fi: flatten(fi), en: flatten(en) };

describe('web translations', () => {
  it('have exactly the same keys in Finnish and English', () => {
    const fiKeys = [...languages.fi.keys()].sort();
    const enKeys = [...languages.en.keys()].sort();
    expect(fiKeys.filter((key) => !languages.en.has(key))).toEqual([]);
    expect(enKeys.filter((key) => !languages.fi.has(key))).toEqual([]);
    expect(fiKeys.length).toBeGreaterThan(100);
  });

  it('have no empty values', () => {
    for (const [language, texts] of Object.entries(languages)) {
      const empty = [...texts].filter(([, text]) => text.trim() === '').map(([key]) => `${language}:${key}`);
      expect(empty).toEqual([]);
    }
  });

  it('use the same interpolation variables and tags in both languages', () => {
    const mismatched = [...languages.en]
      .filter(([key, text]) => placeholders(text).join() !== placeholders(languages.fi.get(key) ?? '').join())
      .map(([key]) => key);
    expect(mismatched).toEqual([]);
  });

  it('give every plural both the one and the other form', () => {
    for (const texts of Object.values(languages)) {
      for (const key of texts.keys()) {
        if (key.endsWith('_one')) expect(texts.has(key.replace(/_one$/, '_other'))).toBe(true);
        if (key.endsWith('_other')) expect(texts.has(key.replace(/_other$/, '_one'))).toBe(true);
      }
    }
  });
});
