import { evaluate, unaryTest } from './feelin-patched/index.js';
import { describe, expect, it } from 'vitest';
import { DmnModelError } from './errors.ts';
import { compileExpression, compileUnaryTests } from './feel-cache.ts';
import { newTrace } from './trace.ts';

// The compiled fast paths must answer exactly as feelin does: every pair is checked against it.
const UNARY_TESTS = [
  '5', '"a"', '"a","b"', 'true', 'false', 'null', '< 5', '<= 5', '> 5', '>= 5', '>= -2.5', '< .5', '[1..5]', '(1..5)', ']1..5[',
  '[1..5)', '< 5, > 10', 'not(5)', 'not("a", "b")', 'not(< 5)', 'not([1..5])', '"a", null', '>= x', '? > 3', 'x',
];
const INPUTS: unknown[] = [null, 0, 0.5, 1, 5, 5.5, 10, 11, -3, -2.5, 'a', 'b', 'c', true, false, '5', [5], { a: 1 }];

describe('compiled FEEL', () => {
  it('unary tests agree with feelin.unaryTest for every input', () => {
    for (const text of UNARY_TESTS) {
      const compiled = compileUnaryTests(text, { x: null }, 'test');
      for (const input of INPUTS) {
        const vars = { x: 4, '?': input };
        expect([text, input, compiled.test(input, vars, newTrace())]).toEqual([text, input, unaryTest(text, vars).value]);
      }
    }
  });

  it("treats '-' and an empty cell as matching anything", () => {
    for (const text of ['-', ' - ', '', '\n  ']) {
      const compiled = compileUnaryTests(text, {}, 'test');
      expect(compiled.matchesAnything).toBe(true);
      expect(compiled.test(null, { '?': null }, newTrace())).toBe(true);
    }
  });

  it('expressions agree with feelin.evaluate', () => {
    const expressions = ['"Approved"', '-.872', '10 + 5 * 2', '(10+20)/0', '10 + null', 'Age', 'Loan.amount', 'Risk Category', 'missing', 'Loan', 'date("2020-01-01")'];
    const vars = { Age: 18, Loan: { amount: 600000, rate: 0.0375 }, 'Risk Category': 'High' };
    for (const text of expressions) {
      const compiled = compileExpression(text, { Age: null, Loan: { amount: null }, 'Risk Category': null }, 'test');
      expect([text, compiled.evaluate(vars, newTrace())]).toEqual([text, evaluate(text, vars).value]);
    }
  });

  it('refuses text that is not FEEL, saying where it is', () => {
    expect(() => compileUnaryTests('>= (', {}, "rule 3 (id r3) input entry 1")).toThrow(DmnModelError);
    expect(() => compileExpression('1 +* 2', {}, 'rule 3 (id r3) output entry 1')).toThrow(/rule 3 \(id r3\) output entry 1: invalid FEEL "1 \+\* 2"/);
  });
});
