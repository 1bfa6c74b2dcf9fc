import type { AiField } from './ai-fields.ts';
import { findAiAt, hasPredefinedLength } from './ai-table.ts';
import { fail, succeed, type Gs1Result } from './result.ts';

/** ASCII 29, what scanners send for the FNC1 that ends a variable-length field. */
export const GROUP_SEPARATOR = '\u001d';

/**
 * Cuts a scanned element string (AIs and values run together, FNC1 sent as GS) into fields.
 * Predefined-length AIs take exactly their length; every other AI runs to the next GS or the
 * end. Values are not checked here, only cut. `offset` shifts positions back to the caller's input.
 */
export function splitRawElementString(text: string, offset = 0): Gs1Result<AiField[]> {
  const fields: AiField[] = [];
  let index = 0;
  while (index < text.length) {
    // A GS after a predefined-length field, or a doubled one, carries no data; scanners do send them.
    if (text[index] === GROUP_SEPARATOR) {
      index++;
      continue;
    }
    const definition = findAiAt(text, index);
    if (!definition) {
      const seen = JSON.stringify(text.slice(index, index + 4));
      return fail('unknown_ai', `no known application identifier at position ${offset + index} (found ${seen})`, {
        position: offset + index,
      });
    }
    const { ai } = definition;
    const valueStart = index + ai.length;
    const end = hasPredefinedLength(ai)
      ? valueStart + (definition.fixedLength ?? definition.maxLength)
      : indexOfSeparatorOrEnd(text, valueStart);
    const value = text.slice(valueStart, end);
    if (isCutShort(value, definition.fixedLength, end >= text.length)) {
      return fail('truncated', `AI (${ai}) ${definition.title} is cut short: "${value.split(GROUP_SEPARATOR)[0]}"`, {
        position: offset + index,
        ai,
      });
    }
    fields.push({ ai, value, position: offset + index });
    index = end;
  }
  return succeed(fields);
}

function indexOfSeparatorOrEnd(text: string, from: number): number {
  const separator = text.indexOf(GROUP_SEPARATOR, from);
  return separator < 0 ? text.length : separator;
}

/**
 * The data stopped before the field was complete: the input ended inside a fixed-length value
 * (or right after an AI), or a GS arrived inside a predefined-length value.
 */
function isCutShort(value: string, fixedLength: number | undefined, reachedEnd: boolean): boolean {
  if (value.includes(GROUP_SEPARATOR)) return true;
  if (!reachedEnd) return false;
  return value.length === 0 || (fixedLength !== undefined && value.length < fixedLength);
}
