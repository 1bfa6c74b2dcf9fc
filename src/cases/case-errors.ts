import { AppError } from '../platform/errors/app-error.ts';

/** Bad input about one field, as a 400 problem whose `errors` name it like the schema validator does. */
export function invalidField(field: string, message: string, code = 'cases.invalid'): AppError {
  return new AppError('invalid', `${field} ${message}`, code, { errors: [{ field, message }] });
}

export const caseNotFound = (id: number) => new AppError('not_found', `case ${id} was not found`, 'cases.not_found');
