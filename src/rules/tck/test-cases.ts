import { dateAndTime, date, duration, time } from '../feelin-patched/index.js';
import { attribute, childrenNamed, parseXml, type XmlElement } from './xml.ts';

/**
 * Reads a DMN TCK test file (testCases.xsd, namespace
 * http://www.omg.org/spec/DMN/20160719/testcase) into plain values: numbers, strings,
 * booleans, feelin dates/times/durations, lists, contexts and null.
 */
export type TckCaseType = 'decision' | 'bkm' | 'decisionService';

export interface TckInput {
  name: string;
  value: unknown;
}

export interface TckExpectedResult {
  name: string;
  /** The engine must signal an error (the value is then usually null). */
  errorResult: boolean;
  expected: unknown;
}

export interface TckTestCase {
  id: string;
  type: TckCaseType;
  invocableName?: string;
  description?: string;
  inputs: TckInput[];
  results: TckExpectedResult[];
}

export interface TckTestFile {
  modelName: string;
  testCases: TckTestCase[];
}

/**
 * A date, time or duration lexical the FEEL layer cannot represent (a year beyond its
 * range, say). Kept as text so that one such value fails its own case instead of stopping
 * the whole run; it compares equal to a value whose canonical text is the same.
 */
export class UnreadableTckValue {
  constructor(readonly type: string, readonly text: string, readonly reason: string) {}
  toString(): string {
    return this.text;
  }
}

function temporal(type: string, text: string, parse: (lexical: string) => unknown): unknown {
  try {
    return parse(text) ?? new UnreadableTckValue(type, text, 'not a valid value');
  } catch (err) {
    return new UnreadableTckValue(type, text, err instanceof Error ? err.message : String(err));
  }
}

function scalar(element: XmlElement): unknown {
  if (attribute(element, 'nil') === 'true') return null;
  const type = attribute(element, 'type')?.replace(/^[^:]*:/, '');
  const text = element.text;
  switch (type) {
    case undefined:
    case 'string':
    case 'anyURI':
      return text;
    case 'boolean':
      return /^\s*(true|1)\s*$/.test(text);
    case 'date':
      return temporal(type, text.trim(), date);
    case 'time':
      return temporal(type, text.trim(), time);
    case 'dateTime':
      return temporal(type, text.trim(), dateAndTime);
    case 'duration':
    case 'dayTimeDuration':
    case 'yearMonthDuration':
      return temporal(type, text.trim(), duration);
    default: {
      const lexical = text.trim();
      if (lexical === 'INF') return Infinity;
      if (lexical === '-INF') return -Infinity;
      return Number(lexical);
    }
  }
}

/** The value of a valueType element: inputNode, expected, component or item. */
export function readValue(element: XmlElement): unknown {
  if (attribute(element, 'nil') === 'true') return null;
  const value = childrenNamed(element, 'value')[0];
  if (value) return scalar(value);
  const list = childrenNamed(element, 'list')[0];
  if (list) return attribute(list, 'nil') === 'true' ? null : childrenNamed(list, 'item').map(readValue);
  const components = childrenNamed(element, 'component');
  if (components.length > 0) return Object.fromEntries(components.map((component) => [attribute(component, 'name') ?? '', readValue(component)]));
  return null;
}

export function readTestCases(xml: string): TckTestFile {
  const root = parseXml(xml);
  if (root.local !== 'testCases') throw new Error(`expected <testCases>, found <${root.local}>`);
  const modelName = childrenNamed(root, 'modelName')[0]?.text.trim() ?? '';
  const testCases = childrenNamed(root, 'testCase').map((testCase, i): TckTestCase => ({
    id: attribute(testCase, 'id') ?? String(i + 1),
    type: (attribute(testCase, 'type') ?? 'decision') as TckCaseType,
    invocableName: attribute(testCase, 'invocableName'),
    description: childrenNamed(testCase, 'description')[0]?.text.trim(),
    inputs: childrenNamed(testCase, 'inputNode').map((input) => ({ name: attribute(input, 'name') ?? '', value: readValue(input) })),
    results: childrenNamed(testCase, 'resultNode').map((result) => {
      const expected = childrenNamed(result, 'expected')[0];
      return { name: attribute(result, 'name') ?? '', errorResult: attribute(result, 'errorResult') === 'true', expected: expected ? readValue(expected) : null };
    }),
  }));
  return { modelName, testCases };
}
