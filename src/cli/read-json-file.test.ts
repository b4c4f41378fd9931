import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { AppError } from '../errors/app-error.js';
import { readJsonFile } from './read-json-file.js';

const dir = mkdtempSync(join(tmpdir(), 'kanta-read-json-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const failure = (f: () => unknown): AppError => {
  try {
    f();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected an AppError');
};

it('reads a JSON file, and names the file and what is wrong otherwise', () => {
  expect(readJsonFile(file('ok.json', '{"rule": {"trait": "country", "op": "eq", "value": "FI"}}'))).toEqual({ rule: { trait: 'country', op: 'eq', value: 'FI' } });
  const missing = failure(() => readJsonFile(join(dir, 'nothing.json')));
  expect(missing.message).toMatch(/^Cannot read .*nothing\.json: ENOENT/);
  const broken = failure(() => readJsonFile(file('broken.json', '{"a": 1,}'), 'Mapping file broken.json'));
  expect(broken.message).toMatch(/^Mapping file broken\.json is not valid JSON: .*position/);
  const nul = failure(() => readJsonFile(file('nul.json', '{"rule": {"value": "F\\u0000I"}}')));
  expect(nul.code).toBe('validation_failed');
  expect(nul.issues).toEqual([{ path: '/rule/value', message: expect.stringMatching(/U\+0000/) }]);
});
