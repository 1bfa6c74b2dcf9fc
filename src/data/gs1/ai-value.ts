import type { AiDefinition } from './ai-table.ts';
import { endsWithValidCheckDigit } from './check-digit.ts';
import { gs1DateTimeToIso, gs1DateToIso } from './gs1-date.ts';
import type { Gs1Error } from './result.ts';

/** GS1 character set 82: what alphanumeric AI values may contain (no spaces, no accents). */
const CSET_82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]*$/;

/**
 * Checks one AI value against its definition: length, characters, then meaning
 * (check digit, calendar date). Returns the first problem, or undefined when the value is good.
 * The caller adds the position, which only it knows.
 */
export function findAiValueProblem(definition: AiDefinition, value: string, now: Date): Gs1Error | undefined {
  const { ai, title } = definition;
  const label = `AI (${ai}) ${title}`;
  if (value.length === 0) return { code: 'bad_format', message: `${label} is empty`, ai };
  if (definition.fixedLength !== undefined && value.length !== definition.fixedLength) {
    return { code: 'bad_format', message: `${label} needs ${definition.fixedLength} characters, got ${value.length}`, ai };
  }
  if (value.length > definition.maxLength) {
    return { code: 'bad_format', message: `${label} allows at most ${definition.maxLength} characters, got ${value.length}`, ai };
  }
  if (definition.numeric ? !/^\d+$/.test(value) : !CSET_82.test(value)) {
    const allowed = definition.numeric ? 'digits only' : 'GS1 character set 82 only';
    return { code: 'bad_format', message: `${label} "${value}" must contain ${allowed}`, ai };
  }
  if (definition.rule === 'check-digit' && !endsWithValidCheckDigit(value)) {
    return { code: 'bad_check_digit', message: `${label} ${value} has a wrong check digit`, ai };
  }
  if (definition.rule === 'date' || definition.rule === 'date-time') {
    const parsed = definition.rule === 'date' ? gs1DateToIso(value, now) : gs1DateTimeToIso(value, now);
    if (!parsed.ok) return { ...parsed.error, message: `${label}: ${parsed.error.message}`, ai };
  }
  return undefined;
}
