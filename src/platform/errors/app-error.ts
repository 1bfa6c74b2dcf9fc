/**
 * The few kinds of failure every module reports. Modules throw these (with their own
 * `code`), and the HTTP layer maps each kind to one status and an RFC 9457 problem, once.
 */
export type ErrorKind = 'invalid' | 'not_found' | 'conflict' | 'unauthorized' | 'forbidden' | 'rate_limited' | 'unprocessable';

export const STATUS_BY_KIND: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  unprocessable: 422,
  rate_limited: 429,
};

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** A stable, module-specific code such as 'import.rows_rejected'. */
    readonly code: string = kind,
    /** Extra members for the problem document (e.g. the list of row errors). */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} was not found`);
export const forbidden = (message = 'Your role does not allow this') => new AppError('forbidden', message);
export const unauthorized = (message = 'Sign in or send an API token') => new AppError('unauthorized', message);
