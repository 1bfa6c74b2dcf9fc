import { SUPPORTED_EVENT_TYPES, type Checked } from './epcis-event.ts';
import { epcisXmlToJson, looksLikeXml, parseXmlText } from './read-epcis-xml.ts';

/**
 * Finding the events in an EPCIS 2.0 JSON / JSON-LD document. The JSON-LD @context is not
 * expanded: EPCIS 2.0 fixes the JSON shape (its JSON Schema), so the compact form the
 * standard shows is the form read here. An XML document is first mapped to that same shape.
 */

export const NEITHER_FORMAT = 'not an EPCIS 2.0 document (JSON-LD or XML expected)';

/** The text of an EPCIS document, XML or JSON-LD (told apart by its first character), as the JSON-LD shape. */
export function parseEpcisText(text: string): Checked<unknown> {
  if (looksLikeXml(text)) {
    const xml = parseXmlText(text);
    return xml.ok ? epcisXmlToJson(xml.value) : xml;
  }
  const start = text.replace(/^\ufeff/, '').trimStart();
  if (start === '') return { ok: false, reason: `${NEITHER_FORMAT}: the file is empty` };
  if (!start.startsWith('{') && !start.startsWith('[')) {
    return { ok: false, reason: `${NEITHER_FORMAT}: it starts with ${JSON.stringify(start.slice(0, 20))}` };
  }
  return parseJsonText(text);
}

/** JSON.parse with a message that names the line and column when V8 gives a position. */
export function parseJsonText(text: string): Checked<unknown> {
  const withoutBom = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (withoutBom.trim() === '') return { ok: false, reason: 'not JSON: the file is empty' };
  try {
    return { ok: true, value: JSON.parse(withoutBom) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `not JSON: ${describeJsonError(message, withoutBom)}` };
  }
}

function describeJsonError(message: string, text: string): string {
  // Newer V8 already says "(line 3 column 8)"; Node 20's says "at position 57" or nothing.
  if (/line \d+ column \d+/.test(message)) return message;
  const position = /at position (\d+)/.exec(message);
  if (!position) return shortenQuotedSource(message);
  const { line, column } = lineAndColumn(text, Number(position[1]));
  return `line ${line} column ${column}: ${message.replace(/ in JSON at position \d+.*$/, '')}`;
}

/** V8 quotes the whole input in some messages; a 10 MB document must not end up in a log line. */
function shortenQuotedSource(message: string): string {
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { line, column };
}

const EVENT_TYPES: ReadonlySet<string> = new Set(SUPPORTED_EVENT_TYPES);

/**
 * The event list of an EPCISDocument (`epcisBody.eventList`), of an EPCISQueryDocument
 * (`epcisBody.queryResults.resultsBody.eventList`), or a single event sent on its own
 * (the EPCIS 2.0 schema allows a bare event with its @context).
 */
export function findEventList(doc: unknown): Checked<unknown[]> {
  if (!isRecord(doc)) return { ok: false, reason: `not an EPCIS document: the JSON is ${describeJsonValue(doc)}, not an object` };
  const type = doc.type;
  if (type === 'EPCISDocument') return eventListAt(doc, ['epcisBody', 'eventList']);
  if (type === 'EPCISQueryDocument') return eventListAt(doc, ['epcisBody', 'queryResults', 'resultsBody', 'eventList']);
  if (typeof type === 'string' && EVENT_TYPES.has(type)) return { ok: true, value: [doc] };
  if (type === undefined) {
    const hint = 'epcisBody' in doc ? ' (it has an epcisBody, but EPCIS 2.0 requires the type)' : '';
    return { ok: false, reason: `not an EPCIS document: no "type" field; expected "EPCISDocument" or "EPCISQueryDocument"${hint}` };
  }
  return { ok: false, reason: `not an EPCIS document: type is ${JSON.stringify(type)}; expected "EPCISDocument" or "EPCISQueryDocument"` };
}

function eventListAt(doc: Record<string, unknown>, path: readonly string[]): Checked<unknown[]> {
  let node: unknown = doc;
  for (const [depth, key] of path.entries()) {
    if (!isRecord(node) || !(key in node)) {
      return { ok: false, reason: `${String(doc.type)} has no ${path.slice(0, depth + 1).join('.')}` };
    }
    node = node[key];
  }
  if (!Array.isArray(node)) return { ok: false, reason: `${path.join('.')} is ${describeJsonValue(node)}, not a list of events` };
  return { ok: true, value: node };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
