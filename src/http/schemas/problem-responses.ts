import { ProblemSchema } from './problem-schema.js';

type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 422;

/** Problem+json responses of an admin route: 400, 401 and 403 always, plus the given ones. */
export function problemResponses(...extra: ProblemStatus[]): Partial<Record<ProblemStatus, typeof ProblemSchema>> {
  const out: Partial<Record<ProblemStatus, typeof ProblemSchema>> = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema };
  for (const status of extra) out[status] = ProblemSchema;
  return out;
}

/** The OpenAPI security requirement of the admin API. */
export const adminSecurity = [{ adminKey: [] as string[] }];
