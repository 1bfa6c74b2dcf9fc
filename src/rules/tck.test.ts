import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { duration } from './feelin-patched/index.js';
import { describe, expect, it } from 'vitest';
import { sameTckValue } from './tck/compare.ts';
import { defaultTckRoot, LEVEL_2_FOLDERS, LEVEL_3_FOLDERS, runTckFolder, TCK_TARGETS, type TckCaseOutcome, type TckTarget } from './tck/runner.ts';
import { readTestCases, UnreadableTckValue } from './tck/test-cases.ts';

describe('TCK test files', () => {
  it('reads inputs and expected values of every shape', () => {
    const file = readTestCases(`<?xml version="1.0"?>
<tc:testCases xmlns:tc="http://www.omg.org/spec/DMN/20160719/testcase" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <tc:modelName>m.dmn</tc:modelName>
  <!-- a comment -->
  <tc:testCase id="t1">
    <tc:inputNode name="Loan"><tc:component name="amount"><tc:value xsi:type="xsd:decimal">600000</tc:value></tc:component>
      <tc:component name="note"><tc:value xsi:type="xsd:string"> a &amp; b </tc:value></tc:component></tc:inputNode>
    <tc:inputNode name="Flags"><tc:list><tc:item><tc:value xsi:type="xsd:boolean">true</tc:value></tc:item><tc:item><tc:value xsi:nil="true"/></tc:item></tc:list></tc:inputNode>
    <tc:inputNode name="Empty"><tc:list/></tc:inputNode>
    <tc:resultNode name="Wait" errorResult="true"><tc:expected><tc:value xsi:type="xsd:duration">P2D</tc:value></tc:expected></tc:resultNode>
  </tc:testCase>
</tc:testCases>`);
    expect(file.modelName).toBe('m.dmn');
    const [testCase] = file.testCases;
    expect(testCase?.inputs).toEqual([
      { name: 'Loan', value: { amount: 600000, note: ' a & b ' } },
      { name: 'Flags', value: [true, null] },
      { name: 'Empty', value: [] },
    ]);
    expect(testCase?.results[0]?.errorResult).toBe(true);
    expect(String(testCase?.results[0]?.expected)).toBe('P2D');
  });

  it('keeps a value the FEEL layer cannot hold as text instead of stopping the run', () => {
    const file = readTestCases(`<testCases xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">
  <testCase id="far"><resultNode name="r"><expected><value xsi:type="xsd:date">-999999999-12-31</value></expected></resultNode>
    <resultNode name="s"><expected><value xsi:type="xsd:date">-2017-12-31</value></expected></resultNode></testCase>
</testCases>`);
    const [far, negative] = file.testCases[0]?.results ?? [];
    expect(far?.expected).toBeInstanceOf(UnreadableTckValue);
    expect(String(far?.expected)).toBe('-999999999-12-31');
    expect(String(negative?.expected)).toBe('-2017-12-31');
    expect(negative?.expected).not.toBeInstanceOf(UnreadableTckValue);
  });

  it('compares numbers as decimals and everything else by value', () => {
    expect(sameTckValue(2878.69354943277, 2878.693549432746)).toBe(true);
    expect(sameTckValue(0.00001, 10 ** -5)).toBe(true);
    expect(sameTckValue(1, 1.001)).toBe(false);
    expect(sameTckValue('1', 1)).toBe(false);
    expect(sameTckValue(null, undefined)).toBe(true);
    expect(sameTckValue([1, 'a'], [1, 'a'])).toBe(true);
    expect(sameTckValue([1], [1, 2])).toBe(false);
    expect(sameTckValue({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameTckValue(duration('P2D'), duration('P2D'))).toBe(true);
  });
});

describe('DMN TCK', () => {
  const root = defaultTckRoot();

  // Strict: an errorResult passes only when the engine signalled an error; lenient: the value alone (decision 024).
  it.each([...LEVEL_2_FOLDERS, ...LEVEL_3_FOLDERS])('%s meets its strict and lenient targets', async (folder) => {
    const path = join(root, folder);
    expect(existsSync(path), `TCK corpus missing at ${path} (set DMN_TCK_DIR)`).toBe(true);
    const target = TCK_TARGETS[folder] as TckTarget;
    const report = await runTckFolder(path);
    const failing = (passed: (outcome: TckCaseOutcome) => boolean) => report.cases.filter((outcome) => !passed(outcome)).map((outcome) => `${outcome.dir} #${outcome.caseId}`).join(', ');
    expect(report.totalCases).toBeGreaterThanOrEqual(folder.includes('level-3') ? 1082 : 116);
    expect(report.passRate, `strict failures: ${failing((outcome) => outcome.passed)}`).toBeGreaterThanOrEqual(target.strict);
    expect(report.lenientPassRate, `lenient failures: ${failing((outcome) => outcome.passedLenient)}`).toBeGreaterThanOrEqual(target.lenient);
    expect(report.dirs.reduce((sum, dir) => sum + dir.totalCases, 0)).toBe(report.totalCases);
  });
});
