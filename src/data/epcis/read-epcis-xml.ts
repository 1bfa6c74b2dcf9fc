import { Parser } from 'saxen';
import type { Checked } from './epcis-event.ts';

/**
 * An EPCIS 2.0 XML document → the same JSON-LD shape the JSON path reads (the standard's
 * XML/JSON binding), so one normaliser serves both and an XML file imports exactly as its
 * JSON twin does. The mapping, in short:
 *
 * - standard fields are unqualified elements and keep their name; the EPCIS 1.x wrappers
 *   `<extension>` and `<baseExtension>` are flattened into the event;
 * - lists become arrays (`<epcList><epc>` → ["…"], `<quantityList><quantityElement>` → [{…}],
 *   `<bizTransaction type>` → {type, bizTransaction}, `<source type>` → {type, source}…);
 * - elements of another namespace (a vendor's extension, ILMD, master data attributes) become
 *   "prefix:name" keys as a JSON-LD context would compact them. CBV master data attributes
 *   always get the "cbvmda" prefix the JSON-LD context defines, whatever the file calls it.
 */

/** Namespaces given fixed prefixes; any other keeps the prefix the document declares. */
const KNOWN_NAMESPACES: Record<string, string> = {
  'urn:epcglobal:epcis:xsd:2': 'epcis',
  'urn:epcglobal:epcis:xsd:1': 'epcis',
  'urn:epcglobal:epcis-query:xsd:2': 'epcisq',
  'urn:epcglobal:epcis-query:xsd:1': 'epcisq',
  'urn:epcglobal:epcis-masterdata:xsd:2': 'epcismd',
  'urn:epcglobal:epcis-masterdata:xsd:1': 'epcismd',
  'http://www.unece.org/cefact/namespaces/StandardBusinessDocumentHeader': 'sbdh',
  'urn:epcglobal:cbv:mda': 'cbvmda',
  'http://www.w3.org/2001/XMLSchema-instance': 'xsi',
};

/** The EPCIS namespaces' own prefixes: a field in one of them means the same as an unqualified one. */
const EPCIS_PREFIXES = new Set(['epcis', 'epcisq', 'epcismd']);

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  /** 1-based, for messages. */
  line: number;
}

/** True when the text is meant as XML (after a byte-order mark and white space, it opens with "<"). */
export function looksLikeXml(text: string): boolean {
  return /^\ufeff?\s*</.test(text);
}

export function parseXmlText(text: string): Checked<XmlElement> {
  const parser = new Parser();
  parser.ns(KNOWN_NAMESPACES);
  const root: XmlElement = { name: '', attrs: {}, children: [], text: '', line: 0 };
  const stack: XmlElement[] = [root];
  let failure: string | undefined;
  const fail = (message: string, line: number) => {
    failure ??= `not well-formed XML: line ${line}: ${message}`;
    parser.stop();
  };
  parser.on('openTag', (name, attrs, decode, selfClosing, context) => {
    const line = context().line + 1;
    const decoded = Object.fromEntries(Object.entries(attrs()).map(([key, value]) => [key, decode(value)]));
    const element: XmlElement = { name, attrs: decoded, children: [], text: '', line };
    stack.at(-1)!.children.push(element);
    if (!selfClosing) stack.push(element);
  });
  parser.on('closeTag', (name, _decode, selfClosing, context) => {
    if (selfClosing) return;
    const open = stack.pop();
    if (!open || open === root || open.name !== name) fail(`</${name}> closes ${open && open !== root ? `<${open.name}> (line ${open.line})` : 'nothing'}`, context().line + 1);
  });
  parser.on('text', (value, decode) => {
    if (stack.length > 1) stack.at(-1)!.text += decode(value);
  });
  parser.on('cdata', (value) => {
    if (stack.length > 1) stack.at(-1)!.text += value;
  });
  parser.on('error', (error, context) => {
    // saxen's own words say what but not where it started; the open element says both.
    const open = stack.length > 1 ? stack.at(-1)! : undefined;
    if (open && error.message === 'unexpected end of file') {
      failure ??= `not well-formed XML: the file ends inside <${open.name}> (opened on line ${open.line})`;
      return;
    }
    if (open && error.message === 'closing tag mismatch') {
      const closing = /^<\/\s*([^\s>]+)/.exec(context().data)?.[1] ?? 'a tag';
      fail(`</${closing}> closes <${open.name}> (line ${open.line})`, context().line + 1);
      return;
    }
    fail(error.message, context().line + 1);
  });
  parser.parse(text.replace(/^\ufeff/, ''));
  if (failure) return { ok: false, reason: failure };
  if (stack.length > 1) {
    const open = stack.at(-1)!;
    return { ok: false, reason: `not well-formed XML: the file ends inside <${open.name}> (opened on line ${open.line})` };
  }
  const [documentElement, ...more] = root.children;
  if (!documentElement) return { ok: false, reason: 'not well-formed XML: no root element' };
  if (more.length > 0) return { ok: false, reason: `not well-formed XML: a second root element <${more[0]!.name}> on line ${more[0]!.line}` };
  return { ok: true, value: documentElement };
}

/** A document's root element → the JSON-LD document (or the reason it is not an EPCIS event document). */
export function epcisXmlToJson(root: XmlElement): Checked<Record<string, unknown>> {
  const [prefix, local] = splitName(root.name);
  if (!prefix || !EPCIS_PREFIXES.has(prefix)) {
    return { ok: false, reason: `not an EPCIS 2.0 document (JSON-LD or XML expected): the XML root is <${root.name}>, not <epcis:EPCISDocument> in namespace urn:epcglobal:epcis:xsd:2` };
  }
  const header = { schemaVersion: root.attrs.schemaVersion, creationDate: root.attrs.creationDate };
  const body = childNamed(root, 'EPCISBody');
  if (local === 'EPCISDocument') {
    const eventList = body && childNamed(body, 'EventList');
    return { ok: true, value: { type: 'EPCISDocument', ...definedOnly(header), epcisBody: body ? definedOnly({ eventList: eventList && readEventList(eventList) }) : undefined } };
  }
  if (local === 'EPCISQueryDocument') {
    const results = body && childNamed(body, 'QueryResults');
    const resultsBody = results && childNamed(results, 'resultsBody');
    const eventList = resultsBody && childNamed(resultsBody, 'EventList');
    const queryResults = results && definedOnly({
      queryName: textOf(childNamed(results, 'queryName')),
      subscriptionID: textOf(childNamed(results, 'subscriptionID')),
      resultsBody: resultsBody && definedOnly({ eventList: eventList && readEventList(eventList) }),
    });
    return { ok: true, value: { type: 'EPCISQueryDocument', ...definedOnly(header), epcisBody: body ? definedOnly({ queryResults }) : undefined } };
  }
  if (local === 'EPCISMasterDataDocument') {
    return { ok: false, reason: 'an EPCIS master data document holds no events; Rebound imports events (EPCISDocument or EPCISQueryDocument)' };
  }
  return { ok: false, reason: `not an EPCIS event document: the XML root is <${root.name}>; expected EPCISDocument or EPCISQueryDocument` };
}

/** EPCIS 1.x put newer event types inside <extension> in the event list; they are read the same. */
function readEventList(list: XmlElement): Record<string, unknown>[] {
  return list.children.flatMap((child) => (localName(child) === 'extension' && !qualifiedByVendor(child) ? child.children : [child])).map(readEvent);
}

function readEvent(element: XmlElement): Record<string, unknown> {
  const event: Record<string, unknown> = { type: localName(element) };
  readFields(element, event);
  return event;
}

/** The children of an event (or of an <extension> inside it) into the event object. */
function readFields(element: XmlElement, into: Record<string, unknown>): void {
  for (const child of element.children) {
    if (qualifiedByVendor(child)) {
      addValue(into, child.name, genericValue(child));
      continue;
    }
    const name = localName(child);
    if (name === 'extension' || name === 'baseExtension') readFields(child, into);
    else addValue(into, name, fieldValue(name, child));
  }
}

const EPC_LISTS = new Set(['epcList', 'childEPCs', 'inputEPCList', 'outputEPCList']);
const QUANTITY_LISTS = new Set(['quantityList', 'childQuantityList', 'inputQuantityList', 'outputQuantityList']);

function fieldValue(name: string, element: XmlElement): unknown {
  if (EPC_LISTS.has(name)) return element.children.map(textOf).filter((epc) => epc !== undefined);
  if (QUANTITY_LISTS.has(name)) return element.children.map(readQuantityElement);
  switch (name) {
    case 'readPoint':
    case 'bizLocation':
      return objectOf(element);
    case 'bizTransactionList':
      return element.children.map((child) => typedEntry(child, 'bizTransaction'));
    case 'sourceList':
      return element.children.map((child) => typedEntry(child, 'source'));
    case 'destinationList':
      return element.children.map((child) => typedEntry(child, 'destination'));
    case 'errorDeclaration':
      return readErrorDeclaration(element);
    case 'persistentDisposition':
      return objectOf(element, { arrays: ['set', 'unset'] });
    case 'sensorElementList':
      return element.children.map(readSensorElement);
    case 'ilmd':
      return objectOf(element);
    default:
      return element.children.length > 0 ? genericValue(element) : textOf(element);
  }
}

function readQuantityElement(element: XmlElement): Record<string, unknown> {
  const entry = objectOf(element);
  // The XML schema types quantity as a decimal; JSON writes it as a number.
  if (typeof entry.quantity === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(entry.quantity)) entry.quantity = Number(entry.quantity);
  return entry;
}

/** `<bizTransaction type="po">uri</bizTransaction>` → {type: "po", bizTransaction: "uri"}; the type is optional for a bizTransaction. */
function typedEntry(element: XmlElement, valueKey: string): Record<string, unknown> {
  return definedOnly({ type: element.attrs.type, [valueKey]: textOf(element) });
}

function readErrorDeclaration(element: XmlElement): Record<string, unknown> {
  const declaration: Record<string, unknown> = {};
  for (const child of element.children) {
    const name = qualifiedByVendor(child) ? child.name : localName(child);
    if (name === 'correctiveEventIDs') declaration.correctiveEventIDs = child.children.map(textOf);
    else if (name === 'extension') Object.assign(declaration, objectOf(child));
    else addValue(declaration, name, child.children.length > 0 ? genericValue(child) : textOf(child));
  }
  return declaration;
}

/** Sensor metadata and reports are attributes in XML; the JSON binding writes numbers and booleans as such. */
const NUMERIC_SENSOR_ATTRIBUTES = new Set(['value', 'minValue', 'maxValue', 'meanValue', 'sDev', 'percRank', 'percValue']);

function readSensorElement(element: XmlElement): Record<string, unknown> {
  const sensor: Record<string, unknown> = {};
  const reports: Record<string, unknown>[] = [];
  for (const child of element.children) {
    const name = qualifiedByVendor(child) ? child.name : localName(child);
    if (name === 'sensorMetadata') sensor.sensorMetadata = sensorAttributes(child);
    else if (name === 'sensorReport') reports.push(sensorAttributes(child));
    else addValue(sensor, name, genericValue(child));
  }
  if (reports.length > 0) sensor.sensorReport = reports;
  return sensor;
}

function sensorAttributes(element: XmlElement): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(element.attrs)) {
    if (key.startsWith('xmlns')) continue;
    if (NUMERIC_SENSOR_ATTRIBUTES.has(key) && value.trim() !== '' && Number.isFinite(Number(value))) attributes[key] = Number(value);
    else if (key === 'booleanValue' && (value === 'true' || value === 'false')) attributes[key] = value === 'true';
    else attributes[key] = value;
  }
  return attributes;
}

/** An element's children as an object; a name that repeats becomes an array, as do the names in `arrays`. */
function objectOf(element: XmlElement, options: { arrays?: readonly string[] } = {}): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const child of element.children) {
    const name = qualifiedByVendor(child) ? child.name : localName(child);
    const value = child.children.length > 0 ? genericValue(child) : textOf(child);
    if (options.arrays?.includes(name)) object[name] = [...((object[name] as unknown[] | undefined) ?? []), value];
    else addValue(object, name, value);
  }
  return object;
}

/** A vendor's element: text when it has no children, otherwise an object of its children. */
function genericValue(element: XmlElement): unknown {
  if (element.children.length === 0 || element.attrs['xsi:nil'] === 'true') return textOf(element);
  const object: Record<string, unknown> = {};
  for (const child of element.children) addValue(object, child.name, genericValue(child));
  return object;
}

/** Arrays made because a name repeated, as opposed to a value that is itself a list (an epcList). */
const REPEATED = new WeakSet<unknown[]>();

function addValue(into: Record<string, unknown>, key: string, value: unknown): void {
  if (value === undefined) return;
  const existing = into[key];
  if (!(key in into)) into[key] = value;
  else if (Array.isArray(existing) && REPEATED.has(existing)) existing.push(value);
  else {
    const repeated = [existing, value];
    REPEATED.add(repeated);
    into[key] = repeated;
  }
}

/** An element's text; `xsi:nil="true"` (the XML way to say "no value") reads as absent. */
function textOf(element: XmlElement | undefined): string | undefined {
  if (element === undefined || element.attrs['xsi:nil'] === 'true') return undefined;
  return element.text.trim();
}

function childNamed(element: XmlElement, local: string): XmlElement | undefined {
  return element.children.find((child) => localName(child) === local && !qualifiedByVendor(child));
}

function splitName(name: string): [string | undefined, string] {
  const colon = name.indexOf(':');
  return colon < 0 ? [undefined, name] : [name.slice(0, colon), name.slice(colon + 1)];
}

function localName(element: XmlElement): string {
  return splitName(element.name)[1];
}

/** An element in a namespace other than EPCIS's own: a vendor's extension, ILMD or master data. */
function qualifiedByVendor(element: XmlElement): boolean {
  const [prefix] = splitName(element.name);
  return prefix !== undefined && !EPCIS_PREFIXES.has(prefix);
}

function definedOnly<T extends Record<string, unknown>>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}
