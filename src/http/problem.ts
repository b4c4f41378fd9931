import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type AppErrorCode, type FieldIssue } from '../errors/app-error.js';

/** The one place where error codes become HTTP statuses (RFC 9457 problem details). */
const STATUS: Record<AppErrorCode, number> = {
  bad_request: 400,
  validation_failed: 400,
  unprocessable: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal: 500,
};

const TITLE: Record<AppErrorCode, string> = {
  bad_request: 'Bad request',
  validation_failed: 'Validation failed',
  unprocessable: 'Unprocessable content',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  conflict: 'Conflict',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  internal: 'Internal server error',
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: AppErrorCode;
  errors?: FieldIssue[];
  [extra: string]: unknown;
}

export function problemOf(err: AppError, instance: string): Problem {
  return {
    type: `https://kanta.dev/problems/${err.code.replace(/_/g, '-')}`,
    title: TITLE[err.code],
    status: STATUS[err.code],
    detail: err.message,
    instance,
    code: err.code,
    ...(err.issues.length > 0 ? { errors: err.issues } : {}),
    ...err.extra,
  };
}

/** Turns Fastify's own errors (schema validation, body limits, bad JSON) into AppErrors. */
function fromFastifyError(err: FastifyError): AppError {
  if (err.validation) {
    const where = err.validationContext ?? 'body';
    const issues = err.validation.map((v) => {
      const missing = v.keyword === 'required' ? `/${String((v.params as { missingProperty?: string }).missingProperty)}` : '';
      const extra = v.keyword === 'additionalProperties' ? `/${String((v.params as { additionalProperty?: string }).additionalProperty)}` : '';
      return { path: `${where}${v.instancePath}${missing}${extra}`, message: v.message ?? v.keyword };
    });
    return new AppError('validation_failed', `The request ${where} is not valid: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues);
  }
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new AppError('payload_too_large', err.message);
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return new AppError('unsupported_media_type', err.message);
  if (err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError) {
    return new AppError('bad_request', `The request body is not valid JSON: ${err.message}`);
  }
  if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    return new AppError(err.statusCode === 404 ? 'not_found' : 'bad_request', err.message);
  }
  return new AppError('internal', 'An unexpected error happened; it has been logged.');
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, err: AppError): FastifyReply {
  const problem = problemOf(err, request.url);
  return reply.status(problem.status).type('application/problem+json').send(problem);
}

export function handleError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const appError = error instanceof AppError ? error : fromFastifyError(error as FastifyError);
  if (appError.code === 'internal') request.log.error({ err: error }, 'unhandled error');
  return sendProblem(reply, request, appError);
}
