import type { AiField } from './ai-fields.ts';
import { AI_TABLE } from './ai-table.ts';
import { fail, succeed, type Gs1Result } from './result.ts';

const AI_IN_BRACKETS = /\((\d{2,4})\)/y;

/**
 * Cuts the human-readable form "(01)04607012345678(21)abc" into fields. A value ends at the
 * next "(" — as in the GS1 Barcode Syntax Engine, a literal "(" inside a value is written "\(".
 * `offset` shifts positions back to the caller's input.
 */
export function splitBracketedElementString(text: string, offset = 0): Gs1Result<AiField[]> {
  const fields: AiField[] = [];
  let index = 0;
  while (index < text.length) {
    AI_IN_BRACKETS.lastIndex = index;
    const match = AI_IN_BRACKETS.exec(text);
    const ai = match?.[1];
    if (!match || ai === undefined) {
      return fail('bad_format', `expected "(AI)" at position ${offset + index}, found ${JSON.stringify(text.slice(index, index + 6))}`, {
        position: offset + index,
      });
    }
    const definition = AI_TABLE.get(ai);
    if (!definition) {
      return fail('unknown_ai', `unknown application identifier (${ai}) at position ${offset + index}`, {
        position: offset + index,
        ai,
      });
    }
    const { value, end } = readValue(text, index + match[0].length);
    const isLast = end >= text.length;
    const cutShort = value.length === 0 || (definition.fixedLength !== undefined && value.length < definition.fixedLength);
    if (isLast && cutShort) {
      return fail('truncated', `AI (${ai}) ${definition.title} is cut short: "${value}"`, { position: offset + index, ai });
    }
    fields.push({ ai, value, position: offset + index });
    index = end;
  }
  return succeed(fields);
}

function readValue(text: string, start: number): { value: string; end: number } {
  let value = '';
  let index = start;
  while (index < text.length) {
    const char = text[index];
    if (char === '\\' && text[index + 1] === '(') {
      value += '(';
      index += 2;
      continue;
    }
    if (char === '(') break;
    value += char;
    index++;
  }
  return { value, end: index };
}
