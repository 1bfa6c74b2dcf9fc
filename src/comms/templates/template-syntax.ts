/**
 * The template language, deliberately small: `{{ name }}` or `{{ customer.name }}`, nothing
 * else. Values are HTML-escaped in the HTML body and inserted as they are in subjects,
 * plain text and SMS (escaping there would show "&amp;" to the reader).
 */
export type RenderMode = 'html' | 'text';

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export class TemplateSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

/** The variable names a text uses, in order of first use; throws on malformed placeholders. */
export function variablesOf(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER)) {
    const name = match[1]!;
    if (!NAME.test(name)) throw new TemplateSyntaxError(`"{{${name}}}" is not a variable name`);
    names.add(name);
  }
  const leftover = text.replace(PLACEHOLDER, '');
  if (leftover.includes('{{') || leftover.includes('}}')) throw new TemplateSyntaxError('a "{{" or "}}" is not part of a complete {{ variable }}');
  return [...names];
}

export class MissingVariableError extends Error {
  constructor(readonly variable: string) {
    super(`the variable "${variable}" has no value`);
    this.name = 'MissingVariableError';
  }
}

/**
 * Renders a text; a variable without a value is an error, never an empty gap in a message.
 * A value that ends a sentence itself ("Listeria found.") takes the place of the template's
 * own full stop after it, so no reader gets "found..".
 */
export function renderText(text: string, values: Record<string, unknown>, mode: RenderMode): string {
  let out = '';
  let at = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const value = lookup(values, match[1]!);
    if (value === undefined || value === null) throw new MissingVariableError(match[1]!);
    const plain = typeof value === 'object' ? JSON.stringify(value) : String(value);
    out += text.slice(at, match.index) + (mode === 'html' ? escapeHtml(plain) : plain);
    at = match.index! + match[0].length;
    if (text[at] === '.' && text[at + 1] !== '.' && /[.!?…]\s*$/.test(plain)) at++;
  }
  return out + text.slice(at);
}

function lookup(values: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(values, path)) return values[path];
  let current: unknown = values;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
