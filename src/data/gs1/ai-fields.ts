import { AI_TABLE } from './ai-table.ts';
import { findAiValueProblem } from './ai-value.ts';
import { fail, succeed, type Gs1Result } from './result.ts';

/** One AI and its value as cut out of an element string, Digital Link or EPC URI. */
export interface AiField {
  ai: string;
  value: string;
  /** Where the field starts in the caller's input, when the input is a flat string. */
  position?: number;
}

/**
 * Validates every field and gathers them into one AI → value record.
 * A repeated AI is fine when it repeats the same value; GS1 forbids two different values
 * for one AI, and keeping either would silently lose data.
 */
export function collectAiFields(fields: readonly AiField[], now: Date): Gs1Result<Record<string, string>> {
  const ais: Record<string, string> = {};
  for (const { ai, value, position } of fields) {
    const definition = AI_TABLE.get(ai);
    if (!definition) return fail('unknown_ai', `unknown application identifier (${ai})`, { position, ai });
    const problem = findAiValueProblem(definition, value, now);
    if (problem) return { ok: false, error: position === undefined ? problem : { ...problem, position } };
    const earlier = ais[ai];
    if (earlier !== undefined && earlier !== value) {
      return fail('bad_format', `AI (${ai}) appears twice with different values "${earlier}" and "${value}"`, { position, ai });
    }
    ais[ai] = value;
  }
  return succeed(ais);
}
