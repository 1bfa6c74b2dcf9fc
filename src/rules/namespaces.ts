/**
 * dmn-moddle reads only the DMN 1.3 namespaces. DMN 1.1, 1.2, 1.4 and 1.5 differ from
 * 1.3 mostly in their namespace URIs (1.4/1.5 add a few boxed expressions, which the
 * parser then reports as unsupported elements), so the XML is read as 1.3 after its
 * namespace URIs are rewritten — instead of forking dmn-moddle's schema.
 */
const DMN13_MODEL = 'https://www.omg.org/spec/DMN/20191111/MODEL/';
const DMN13_DMNDI = 'https://www.omg.org/spec/DMN/20191111/DMNDI/';
const DMN13_FEEL = 'https://www.omg.org/spec/DMN/20191111/FEEL/';

const REWRITES: ReadonlyArray<readonly [string, string]> = [
  ['http://www.omg.org/spec/DMN/20151101/dmn.xsd', DMN13_MODEL],
  ['http://www.omg.org/spec/DMN/20180521/MODEL/', DMN13_MODEL],
  ['https://www.omg.org/spec/DMN/20211108/MODEL/', DMN13_MODEL],
  ['https://www.omg.org/spec/DMN/20230324/MODEL/', DMN13_MODEL],
  ['http://www.omg.org/spec/DMN/20180521/DMNDI/', DMN13_DMNDI],
  ['https://www.omg.org/spec/DMN/20211108/DMNDI/', DMN13_DMNDI],
  ['https://www.omg.org/spec/DMN/20230324/DMNDI/', DMN13_DMNDI],
  ['http://www.omg.org/spec/FEEL/20140401', DMN13_FEEL],
  ['http://www.omg.org/spec/DMN/20180521/FEEL/', DMN13_FEEL],
  ['https://www.omg.org/spec/DMN/20211108/FEEL/', DMN13_FEEL],
  ['https://www.omg.org/spec/DMN/20230324/FEEL/', DMN13_FEEL],
];

/** Every URI by which a model may say its expressions are FEEL. */
export const FEEL_LANGUAGE_URIS: ReadonlySet<string> = new Set([DMN13_FEEL, ...REWRITES.filter(([, to]) => to === DMN13_FEEL).map(([from]) => from)]);

export function isFeelLanguage(uri: string | undefined): boolean {
  if (uri === undefined || uri === '') return true;
  return FEEL_LANGUAGE_URIS.has(uri) || FEEL_LANGUAGE_URIS.has(uri.replace(/\/?$/, '/')) || /^feel$/i.test(uri);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const pattern = new RegExp(`(["'])(${REWRITES.map(([from]) => escapeRegExp(from)).join('|')})\\1`, 'g');
const target = new Map(REWRITES);

/** Rewrites the namespace URIs (only whole quoted attribute values) to their DMN 1.3 equivalents. */
export function toDmn13Namespaces(xml: string): string {
  return xml.replace(pattern, (_all, quote: string, uri: string) => `${quote}${target.get(uri) ?? uri}${quote}`);
}
