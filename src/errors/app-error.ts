/**
 * The one error type for failures the caller does not handle itself.
 * `code` decides the HTTP status and problem type in one place (src/http/problem.ts).
 */
export type AppErrorCode =
  | 'bad_request'
  | 'validation_failed'
  /** Well-formed input whose content is refused (e.g. a lifecycle definition whose rules do not validate): 422. */
  | 'unprocessable'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'internal';

export interface FieldIssue {
  /** Where the problem is: a JSON pointer, a CSV line number, a batch index and field. */
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly issues: FieldIssue[];
  readonly extra: Record<string, unknown>;

  constructor(code: AppErrorCode, message: string, issues: FieldIssue[] = [], extra: Record<string, unknown> = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.issues = issues;
    this.extra = extra;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
