import { readFileSync } from 'node:fs';
import { findUnstorableText, mayHoldUnstorableText } from '../db/find-unstorable-text.js';
import { AppError } from '../errors/app-error.js';

/**
 * The JSON document in a file the CLI was given (a mapping, a rule, a definition, a care model):
 * an error names the file and what is wrong (cannot be read, the parser's message with the
 * position, or text the database cannot store with its JSON pointer) before anything runs.
 */
export function readJsonFile(path: string, what = path): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new AppError('bad_request', `Cannot read ${what}: ${(e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new AppError('bad_request', `${what} is not valid JSON: ${(e as Error).message}`);
  }
  const issue = mayHoldUnstorableText(text) ? findUnstorableText(parsed) : null;
  if (issue) throw new AppError('validation_failed', `${what} at ${issue.path || '/'} ${issue.message}`, [issue]);
  return parsed;
}
