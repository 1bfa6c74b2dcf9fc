/**
 * A small XML reader for the TCK test files (elements, attributes, text, CDATA, the five
 * entities and character references). The rules module's dependencies include no general
 * XML parser, and the test files need no namespaces beyond reading prefixed names.
 */
export interface XmlElement {
  /** Name without its prefix, e.g. `type` for `xsi:type`. */
  local: string;
  /** Attributes by their names as written (prefix included). */
  attributes: Record<string, string>;
  children: XmlElement[];
  /** All character data directly inside the element, entities decoded. */
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, entity: string) => {
    if (entity.startsWith('#x')) return String.fromCodePoint(parseInt(entity.slice(2), 16));
    if (entity.startsWith('#')) return String.fromCodePoint(parseInt(entity.slice(1), 10));
    return ENTITIES[entity] ?? whole;
  });
}

export const localName = (name: string) => name.slice(name.indexOf(':') + 1);

export class XmlSyntaxError extends Error {
  constructor(message: string, offset: number) {
    super(`${message} at offset ${offset}`);
    this.name = 'XmlSyntaxError';
  }
}

function skipUntil(xml: string, from: number, marker: string): number {
  const end = xml.indexOf(marker, from);
  if (end < 0) throw new XmlSyntaxError(`missing "${marker}"`, from);
  return end + marker.length;
}

export function parseXml(xml: string): XmlElement {
  const stack: { name: string; element: XmlElement }[] = [];
  let root: XmlElement | undefined;
  let at = 0;
  while (at < xml.length) {
    const open = xml.indexOf('<', at);
    const textEnd = open < 0 ? xml.length : open;
    if (textEnd > at && stack.length > 0) (stack[stack.length - 1] as { element: XmlElement }).element.text += decodeEntities(xml.slice(at, textEnd));
    if (open < 0) break;
    if (xml.startsWith('<?', open)) at = skipUntil(xml, open, '?>');
    else if (xml.startsWith('<!--', open)) at = skipUntil(xml, open, '-->');
    else if (xml.startsWith('<![CDATA[', open)) {
      at = skipUntil(xml, open, ']]>');
      const top = stack[stack.length - 1];
      if (top) top.element.text += xml.slice(open + 9, at - 3);
    } else if (xml.startsWith('<!', open)) at = skipUntil(xml, open, '>');
    else if (xml.startsWith('</', open)) {
      at = skipUntil(xml, open, '>');
      const name = xml.slice(open + 2, at - 1).trim();
      const top = stack.pop();
      if (!top || top.name !== name) throw new XmlSyntaxError(`unexpected </${name}>`, open);
    } else {
      at = skipUntil(xml, open, '>');
      const selfClosing = xml[at - 2] === '/';
      const inner = xml.slice(open + 1, selfClosing ? at - 2 : at - 1);
      const name = /^[^\s/>]+/.exec(inner)?.[0] ?? '';
      const attributes: Record<string, string> = {};
      for (const match of inner.slice(name.length).matchAll(/([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        attributes[match[1] as string] = decodeEntities(match[2] ?? match[3] ?? '');
      }
      const element: XmlElement = { local: localName(name), attributes, children: [], text: '' };
      const parent = stack[stack.length - 1];
      if (parent) parent.element.children.push(element);
      else if (!root) root = element;
      else throw new XmlSyntaxError('a second root element', open);
      if (!selfClosing) stack.push({ name, element });
    }
  }
  if (!root) throw new XmlSyntaxError('no root element', 0);
  if (stack.length > 0) throw new XmlSyntaxError(`unclosed <${stack[stack.length - 1]?.name}>`, xml.length);
  return root;
}

/** An attribute by its local name, whatever its prefix (`xsi:type`, `type`). */
export function attribute(element: XmlElement, local: string): string | undefined {
  for (const [name, value] of Object.entries(element.attributes)) if (localName(name) === local) return value;
  return undefined;
}

export const childrenNamed = (element: XmlElement, local: string) => element.children.filter((child) => child.local === local);
