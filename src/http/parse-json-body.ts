import secureJsonParse from 'secure-json-parse';
import type { FastifyInstance } from 'fastify';
import { findUnstorableText, mayHoldUnstorableText } from '../db/find-unstorable-text.js';
import { AppError } from '../errors/app-error.js';

/**
 * Parses a JSON request body: the parser's own message for a syntax error (it names the
 * position), __proto__ and constructor.prototype keys refused as Fastify's default parser
 * does, and text the database cannot store named by its JSON pointer, so such a request gets
 * a 400 that says where instead of a database error after part of the work.
 */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0) throw new AppError('bad_request', 'The request body is empty; send a JSON document');
  let value: unknown;
  try {
    value = secureJsonParse.parse(text, null, { protoAction: 'error', constructorAction: 'error' });
  } catch (e) {
    throw new AppError('bad_request', `The request body is not valid JSON: ${(e as Error).message}`);
  }
  if (mayHoldUnstorableText(text)) {
    const issue = findUnstorableText(value);
    if (issue) throw new AppError('validation_failed', `The request body at ${issue.path || '/'} ${issue.message}`, [issue]);
  }
  return value;
}

/** Makes parseJsonBody the parser of `contentType` bodies in `app` (and the plugins it registers after). */
export function useJsonBodyParser(app: FastifyInstance, contentType: string): void {
  app.removeContentTypeParser(contentType);
  app.addContentTypeParser(contentType, { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
}
