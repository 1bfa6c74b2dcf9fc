import { describe, expect, it } from 'vitest';
import { compileCondition, decideCondition, type StoredCondition } from './condition.ts';
import { juelToFeel } from './juel.ts';

const decide = (expression: string, variables: Record<string, unknown>, optional = false) => {
  const compiled = compileCondition(expression, undefined);
  if ('error' in compiled) throw new Error(compiled.error);
  const condition: StoredCondition = { kind: 'flow', expression, optional, ...compiled };
  return decideCondition(condition, variables);
};

describe('JUEL conditions translated to FEEL', () => {
  it.each([
    ['delayDays == 5', '(delayDays = 5)'],
    ['x gt 3', '(x > 3)'],
    ['x ge 3 and x le 5', '((x >= 3) and (x <= 5))'],
    ['x lt 3 || x eq 9 or x ne 1', '(((x < 3) or (x = 9)) or (x != 1))'],
    ['not flag', 'not(flag)'],
    ['!(a && b)', 'not(((a and b)))'],
    ['execution.getVariable("x") > 3', '(x > 3)'],
    ["execution.getVariable('x') != null", '(x != null)'],
    ['order.customer["tier"] == \'gold\'', '(order.customer.tier = "gold")'],
    ['lines[0].qty * 2 div 4 - -1 >= 1.5', '((((lines[1].qty * 2) / 4) - -(1)) >= 1.5)'],
    ['n % 2 == 0 and n mod 3 == 0', '((modulo(n, 2) = 0) and (modulo(n, 3) = 0))'],
    ['name == "say \\"hi\\""', '(name = "say \\"hi\\"")'],
  ])('%s → %s', (juel, feel) => {
    expect(juelToFeel(juel).feel).toBe(feel);
  });

  it('reads the variables an expression uses', () => {
    expect(juelToFeel('a.b > 1 and execution.getVariable("c") == d[0]').variables).toEqual(['a', 'c', 'd']);
  });

  it.each([
    ['bean.isLate(x)', /method call isLate\(…\) is not supported at position 6/],
    ['x > 3 ? a : b', /conditional operator/],
    ['fn:contains(a, "b")', /function fn:… is not supported/],
    ['size(xs) > 0', /function size\(…\) is not supported/],
    ['execution.processInstanceId == "1"', /execution.processInstanceId is not supported/],
    ['execution', /only as execution.getVariable/],
    ['x = 5', /"=" is assignment/],
    ['1 < x < 3', /chained comparisons/],
    ['a[b]', /only a string or a whole-number literal/],
    ['x instanceof y', /unexpected "instanceof"/],
    ['item > 1', /FEEL keyword/],
    ['$x > 1', /unexpected character "\$"/],
    ['1e3 > x', /without an exponent/],
    ['"open', /unterminated string/],
    ['x >', /unexpected end of expression/],
  ])('refuses %s', (juel, why) => {
    const compiled = compileCondition(`\${${juel}}`, undefined);
    expect(compiled).toMatchObject({ reason: 'juel', error: expect.stringMatching(why) });
  });

  it('reads ${…} and #{…} as JUEL, =… and plain text as FEEL, and refuses other languages', () => {
    expect(compileCondition('${x gt 1}', undefined)).toEqual({ dialect: 'juel', feel: '(x > 1)' });
    expect(compileCondition('#{x gt 1}', undefined)).toEqual({ dialect: 'juel', feel: '(x > 1)' });
    expect(compileCondition('=x > 1', undefined)).toEqual({ dialect: 'feel', feel: 'x > 1' });
    expect(compileCondition('list contains(xs, 1)', 'https://www.omg.org/spec/DMN/20191111/FEEL/')).toEqual({ dialect: 'feel', feel: 'list contains(xs, 1)' });
    expect(compileCondition('x gt 1', 'juel')).toEqual({ dialect: 'juel', feel: '(x > 1)' });
    expect(compileCondition('next(null, true)', 'javascript')).toMatchObject({ reason: 'language' });
    expect(compileCondition('amount +* 3', undefined)).toMatchObject({ reason: 'feel' });
  });

  it('decides with JUEL meaning: empty, not, and the null cases', () => {
    for (const value of [null, '', [], {}]) expect(decide('${empty v}', { v: value })).toEqual({ decided: true, value: true });
    for (const value of ['a', 0, 5, [1], { a: 1 }, false]) expect(decide('${empty v}', { v: value })).toEqual({ decided: true, value: false });
    expect(decide('${not empty v}', { v: 'a' })).toEqual({ decided: true, value: true });
    expect(decide('${x == null}', { x: null })).toEqual({ decided: true, value: true });
  });

  it('never answers false for what it cannot decide: a missing variable, a non-boolean result', () => {
    expect(decide('${delayDays == 5}', {})).toEqual({ decided: false, problem: 'reads variable delayDays, which the instance does not have' });
    expect(decide('${a > 1 and b > 1}', {})).toEqual({ decided: false, problem: 'reads variables a, b, which the instance does not have' });
    expect(decide('${x}', { x: 'yes' })).toEqual({ decided: false, problem: 'evaluated to "yes", neither true nor false' });
    expect(decide('${not flag}', { flag: null })).toEqual({ decided: false, problem: 'evaluated to null, neither true nor false' });
  });

  it('an optional condition reads a missing variable as null, and only true is true', () => {
    expect(decide('${delayDays == 5}', {}, true)).toEqual({ decided: true, value: false });
    expect(decide('${x != 5}', {}, true)).toEqual({ decided: true, value: true });
    expect(decide('${x}', { x: 'yes' }, true)).toEqual({ decided: true, value: false });
  });
});
