import { describe, expect, it } from 'vitest';
import { canonicalJson, hashEventId } from './event-id.ts';
import { findEventList, lineAndColumn, parseJsonText } from './read-epcis-document.ts';

describe('parseJsonText', () => {
  it('parses JSON, ignoring a byte-order mark', () => {
    expect(parseJsonText('\ufeff{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
  });

  it('names line and column when JSON.parse gives a position', () => {
    const result = parseJsonText('{\n  "a": 1\n  "b": 2\n}');
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/^not JSON: line 3 column 3: Expected ',' or '}' after property value/) });
  });

  it('keeps a reason short when the parser quotes the whole input', () => {
    const result = parseJsonText(`[${'1,'.repeat(10_000)}]`);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason.length).toBeLessThan(260);
  });

  it('says so for an empty file', () => {
    expect(parseJsonText(' \n')).toEqual({ ok: false, reason: 'not JSON: the file is empty' });
  });

  it('counts lines and columns from 1', () => {
    expect(lineAndColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

describe('findEventList', () => {
  const events = [{ type: 'ObjectEvent' }];

  it('finds the events of an EPCISDocument and of an EPCISQueryDocument', () => {
    expect(findEventList({ type: 'EPCISDocument', epcisBody: { eventList: events } })).toEqual({ ok: true, value: events });
    const query = { type: 'EPCISQueryDocument', epcisBody: { queryResults: { resultsBody: { eventList: events } } } };
    expect(findEventList(query)).toEqual({ ok: true, value: events });
  });

  it('takes an event sent on its own as a document of one event', () => {
    const event = { type: 'TransformationEvent', eventTime: '2024-01-01T00:00:00Z' };
    expect(findEventList(event)).toEqual({ ok: true, value: [event] });
  });

  it.each([
    ['a string', 'EPCIS', /^not an EPCIS document: the JSON is a string, not an object$/],
    ['null', null, /^not an EPCIS document: the JSON is null/],
    ['a query document without results', { type: 'EPCISQueryDocument', epcisBody: {} }, /^EPCISQueryDocument has no epcisBody\.queryResults$/],
    ['an EPCIS 1.x style "isA" document', { isA: 'EPCISDocument', epcisBody: { eventList: [] } }, /no "type" field/],
  ])('rejects %s with a reason', (_name, doc, reason) => {
    const result = findEventList(doc);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('hashEventId', () => {
  it('ignores key order and recordTime, and changes with any other field', () => {
    const event = { type: 'ObjectEvent', eventTime: '2024-01-01T00:00:00Z', epcList: ['a', 'b'] };
    const same = { epcList: ['a', 'b'], recordTime: '2024-02-02T00:00:00Z', eventTime: '2024-01-01T00:00:00Z', type: 'ObjectEvent' };
    expect(hashEventId(same)).toBe(hashEventId(event));
    expect(hashEventId({ ...event, epcList: ['b', 'a'] })).not.toBe(hashEventId(event));
    expect(canonicalJson({ b: [1, { d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[1,{"c":2,"d":1}]}');
  });
});
