import { describe, expect, it } from 'vitest';
import { checkFilter, compileFilter, FilterError, formatFilter, parseFilterText } from './filter.ts';

const problems = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof FilterError) return error.problems;
    throw error;
  }
  throw new Error('expected a FilterError');
};

describe('the segment filter language (issue 14, W2)', () => {
  it('reads "desired returners" into the structured filter and back', () => {
    const filter = parseFilterText("quiet AND period_revenue_minor >= 50000 AND abc_class = 'A'");
    expect(filter).toEqual({ all: [
      { field: 'quiet', op: '=', value: true },
      { field: 'period_revenue_minor', op: '>=', value: 50000 },
      { field: 'abc_class', op: '=', value: 'A' },
    ] });
    expect(formatFilter(filter)).toBe("quiet AND period_revenue_minor >= 50000 AND abc_class = 'A'");
  });

  it('binds AND tighter than OR, and reads NOT, IN, NOT IN, IS NULL and parentheses in any case', () => {
    const filter = parseFilterText("churn_risk in ('quiet', 'due') and not (country = 'SE' or country is null) OR tier NOT IN ('vip') and has_email");
    expect(filter).toEqual({ any: [
      { all: [
        { field: 'churn_risk', op: 'in', value: ['quiet', 'due'] },
        { not: { any: [{ field: 'country', op: '=', value: 'SE' }, { field: 'country', op: 'is null' }] } },
      ] },
      { all: [{ field: 'tier', op: 'not in', value: ['vip'] }, { field: 'has_email', op: '=', value: true }] },
    ] });
    expect(parseFilterText(formatFilter(filter))).toEqual(filter);
  });

  it('compiles to SQL whose values are all parameters, never text from the filter', () => {
    const { sql, params } = compileFilter(parseFilterText("region = 'x''); DROP TABLE customers; --' AND recency_days > 90"), 3);
    expect(sql).toBe('coalesce(((c.region = $3::text) AND (m.recency_days > $4::bigint)), false)');
    expect(params).toEqual(["x'); DROP TABLE customers; --", 90]);
  });

  it('names where the text does not parse', () => {
    expect(problems(() => parseFilterText('quiet AND AND x'))).toEqual([{ field: 'body.filter_text', message: 'at column 11 ("AND"): expected a field name' }]);
    expect(problems(() => parseFilterText("abc_class = 'A"))[0]!.message).toContain('at column 13: unexpected');
    expect(problems(() => parseFilterText('recency_days >'))[0]!.message).toBe('at the end: expected a value: a number, \'text\', true or false');
    expect(problems(() => parseFilterText('   '))[0]!.message).toContain('is empty');
    expect(problems(() => parseFilterText('quiet quiet'))[0]!.message).toContain('expected AND, OR or the end');
  });

  it('refuses unknown fields, wrong operators and values of the wrong type, naming each', () => {
    expect(problems(() => parseFilterText('revenue >= 5'))[0]!.message).toMatch(/^unknown field "revenue"; known fields: quiet, churn_risk/);
    expect(problems(() => checkFilter({ all: [
      { field: 'abc_class', op: '>', value: 'A' },
      { field: 'abc_class', op: '=', value: 'D' },
      { field: 'recency_days', op: '>=', value: 1.5 },
      { field: 'last_purchase_on', op: '<', value: '2011-13-01' },
      { field: 'quiet', op: 'is null', value: true },
      { field: 'country', op: 'in', value: [] },
      { fields: 'x' },
    ] }))).toEqual([
      { field: 'body.filter.all[0].op', message: 'abc_class is enum: use =, !=, in, not in, is null, is not null, not >' },
      { field: 'body.filter.all[1].value', message: 'abc_class: is one of A, B, C, not "D"' },
      { field: 'body.filter.all[2].value', message: 'recency_days: expects a whole number, not 1.5' },
      { field: 'body.filter.all[3].value', message: "last_purchase_on: expects a day 'YYYY-MM-DD' between 1900 and 2200, not \"2011-13-01\"" },
      { field: 'body.filter.all[4].value', message: 'is null takes no value' },
      { field: 'body.filter.all[5].value', message: 'in takes a list of 1 to 100 values' },
      { field: 'body.filter.all[6]', message: 'unknown member fields (a condition has field, op and value)' },
      { field: 'body.filter.all[6].field', message: 'is required: the name of a field' },
    ]);
    expect(problems(() => checkFilter({ all: [] }))).toEqual([{ field: 'body.filter.all', message: 'expected a non-empty list of conditions' }]);
    expect(problems(() => checkFilter({ field: 'constructor', op: '=', value: 1 }))[0]!.message).toContain('unknown field "constructor"');
  });
});
