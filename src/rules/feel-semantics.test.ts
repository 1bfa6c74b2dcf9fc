import { describe, expect, it } from 'vitest';
import { compileExpression, compileUnaryTests } from './feel-cache.ts';
import { evaluateDecision, parseDmn } from './index.ts';
import { newTrace, type FeelVars } from './trace.ts';

/**
 * The FEEL gaps of issue 13 that feelin 8.2.0 gets wrong, each checked through the rules
 * module's own compile path (so through the patched copy in feelin-patched/, decision 024).
 * Every case here answered differently before the patch: a wrong value, NaN, or a null
 * nobody was told about.
 */
function feel(text: string, vars: FeelVars = {}) {
  const trace = newTrace();
  const value = compileExpression(text, vars, 'test').evaluate(vars, trace);
  return { value: value === null || typeof value !== 'object' || Array.isArray(value) ? value : String(value), errors: trace.errors };
}

describe('FEEL temporal arithmetic', () => {
  it.each([
    ['10 * @"P1D"', 'P10D'],
    ['@"P1D" * 10', 'P10D'],
    ['-@"P1D"', '-P1D'],
    ['@"P1Y" / 2', 'P6M'],
    ['@"P2Y" * 1.5', 'P3Y'],
    ['date("2017-01-01") + @"PT36H"', '2017-01-02'],
    ['date("2017-01-31") + @"P1M"', '2017-02-28'],
    ['@"P1Y2M" + @"P11M"', 'P2Y1M'],
    ['date and time("2017-01-01T10:00:00+02:00") - date and time("2017-01-01T10:00:00Z")', '-PT2H'],
  ])('%s is %s', (text, expected) => {
    expect(feel(text)).toEqual({ value: expected, errors: [] });
  });

  it('years and months durations count whole months between the dates', () => {
    expect(feel('years and months duration(date("2011-12-22"), date("2013-08-24"))').value).toBe('P1Y8M');
    expect(feel('years and months duration(date("2013-08-24"), date("2011-12-22"))').value).toBe('-P1Y8M');
    expect(feel('years and months duration(date and time("2014-12-31T23:59:59"), date and time("2016-12-31T00:00:01"))').value).toBe('P2Y');
    expect(feel('duration("P999999999M")').value).toBe('P83333333Y3M');
    expect(feel('duration("PT0.S")').value).toBe('PT0S');
  });

  it('a years-and-months duration never equals a days-and-time one, and says so', () => {
    const result = feel('duration("P1Y") = duration("P365D")');
    expect(result.value).toBeNull();
    expect(result.errors.join()).toMatch(/Cannot compare/);
    expect(feel('duration("P1Y") = duration("P12M")')).toEqual({ value: true, errors: [] });
  });
});

describe('FEEL years', () => {
  it('reads and writes negative and five-digit years as FEEL does', () => {
    expect(feel('date("-2017-12-31")').value).toBe('-2017-12-31');
    expect(feel('date(-2017, 1, 1)').value).toBe('-2017-01-01');
    expect(feel('string(date and time("99999-12-31T11:22:33"))').value).toBe('99999-12-31T11:22:33');
    expect(feel('date("-2017-01-01") + @"P1Y"').value).toBe('-2016-01-01');
    expect(feel('years and months duration(date("-2016-01-30"), date("-2017-02-28"))').value).toBe('-P11M');
  });

  it('refuses a year past what it can hold with an error, not a crash', () => {
    const result = feel('date("9999999999-12-27")');
    expect(result.value).toBeNull();
    expect(result.errors.join()).toMatch(/not a valid date/);
  });
});

describe('FEEL times and zones', () => {
  it.each([
    ['time("11:22:33-00:00")', '11:22:33Z'],
    ['time(11, 59, 45, duration("PT0H"))', '11:59:45Z'],
    ['time(12, 59, 1.3, duration("-PT1H"))', '12:59:01.3-01:00'],
  ])('%s is %s', (text, expected) => {
    expect(feel(text)).toEqual({ value: expected, errors: [] });
  });

  it.each(['time("13:20:00+19:00")', 'date and time("2017-12-31T13:20:00+02:00@Europe/Paris")'])('%s is an error', (text) => {
    const result = feel(text);
    expect(result.value).toBeNull();
    expect(result.errors).toHaveLength(1);
  });
});

describe('FEEL errors are signalled, never a bare null or NaN', () => {
  it.each([
    '10 ** 1000', '(-8) ** 0.5', 'exp(1000)', '1 / 0', 'false = 0', '"foo" = 100', 'not(0)', 'all([true, 123])', 'any(123)',
    'day of year("foo")', 'day of week(null)', 'get value({a: "foo"}, 123)', 'get entries([1, 2])', 'duration(2017)',
    'years and months duration(null, date("2017-08-11"))', '{foo: "bar", foo: "baz"}', 'null between 1 and 10', 'null in [1..10]',
  ])('%s', (text) => {
    const result = feel(text);
    expect(result.value).toBeNull();
    expect(result.errors.length, `no error for ${text}`).toBeGreaterThan(0);
  });

  it('keeps a missing context key a plain null with a warning (models read optional fields that way)', () => {
    const trace = newTrace();
    expect(compileExpression('{a: 1}.b', {}, 'test').evaluate({}, trace)).toBeNull();
    expect(trace.errors).toEqual([]);
    expect(trace.warnings).toHaveLength(1);
  });
});

describe('FEEL lists, ranges and unary tests', () => {
  it('filters always yield a list', () => {
    expect(feel('true[true]').value).toEqual([true]);
    expect(feel('"foo"[true]').value).toEqual(['foo']);
  });

  it('an interval with a null endpoint is unknown, not open', () => {
    expect(feel('5 in (null..10]').value).toBeNull();
    expect(feel('(< 10) = (null..10)').value).toBe(false);
    expect(feel('5 in (< 10)').value).toBe(true);
  });

  it('a cell naming another boolean variable compares the input with it', () => {
    const vars = { 'Another boolean': true };
    const cell = compileUnaryTests('Another boolean', vars, 'test');
    expect(cell.test(false, { ...vars, '?': false }, newTrace())).toBe(false);
    expect(cell.test(true, { ...vars, '?': true }, newTrace())).toBe(true);
    const negated = compileUnaryTests('not(Another boolean)', vars, 'test');
    expect(negated.test(false, { ...vars, '?': false }, newTrace())).toBe(true);
    // a test that uses ? still decides by itself
    expect(compileUnaryTests('? = Another boolean', vars, 'test').test(false, { ...vars, '?': false }, newTrace())).toBe(false);
  });

  it('a decision table picks the rule whose boolean variable differs from the input', async () => {
    const model = await parseDmn(`<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" namespace="urn:t">
  <decision id="compare" name="Compare">
    <decisionTable id="t" hitPolicy="UNIQUE">
      <input id="i1" label="Flag"><inputExpression id="e1" typeRef="boolean"><text>Flag</text></inputExpression></input>
      <output id="o1" name="result" typeRef="string"/>
      <rule id="r1"><inputEntry id="c1"><text>Other</text></inputEntry><outputEntry id="x1"><text>"same"</text></outputEntry></rule>
      <rule id="r2"><inputEntry id="c2"><text>not(Other)</text></inputEntry><outputEntry id="x2"><text>"different"</text></outputEntry></rule>
    </decisionTable>
  </decision>
  <inputData id="flag" name="Flag"><variable id="v1" name="Flag" typeRef="boolean"/></inputData>
  <inputData id="other" name="Other"><variable id="v2" name="Other" typeRef="boolean"/></inputData>
</definitions>`);
    expect(evaluateDecision(model, 'Compare', { Flag: false, Other: true })).toMatchObject({ value: 'different', errors: [] });
    expect(evaluateDecision(model, 'Compare', { Flag: true, Other: true })).toMatchObject({ value: 'same', errors: [] });
  });
});
