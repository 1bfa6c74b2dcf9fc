import { describe, expect, it } from 'vitest';
import { evaluateDecision, parseDmn } from './index.ts';
import { decisionTableXml, type TableSpec } from './table-xml.ts';

async function table(spec: Omit<TableSpec, 'decisionName'>) {
  return parseDmn(decisionTableXml({ decisionName: 'Result', ...spec }));
}

const bySize = {
  inputs: [{ expression: 'amount' }],
  outputs: [{ name: 'size' }],
  rules: [
    { id: 'large', when: ['> 1000'], then: ['"large"'] },
    { id: 'medium', when: ['> 100'], then: ['"medium"'] },
    { id: 'small', when: ['-'], then: ['"small"'] },
  ],
};

describe('hit policies', () => {
  it('U returns the only matching rule and names both rules when two match', async () => {
    const model = await table({
      hitPolicy: 'UNIQUE',
      inputs: [{ expression: 'tier' }],
      outputs: [{ name: 'discountPercent' }],
      rules: [
        { id: 'gold', when: ['"gold"'], then: ['10'] },
        { id: 'silver', when: ['"silver"'], then: ['5'] },
        { id: 'gold-again', when: ['"gold","platinum"'], then: ['12'] },
      ],
    });
    const silver = evaluateDecision(model, 'Result', { tier: 'silver' });
    expect(silver.value).toBe(5);
    expect(silver.matchedRules).toEqual([{ index: 1, ruleId: 'silver' }]);
    const gold = evaluateDecision(model, 'Result', { tier: 'gold' });
    expect(gold.value).toBeNull();
    expect(gold.errors.join()).toMatch(/UNIQUE violated: rule 1 \(id gold\), rule 3 \(id gold-again\)/);
    expect(evaluateDecision(model, 'Result', { tier: 'bronze' }).value).toBeNull();
  });

  it('A accepts overlapping rules with equal outputs and refuses different ones', async () => {
    const model = await table({
      hitPolicy: 'ANY',
      inputs: [{ expression: 'amount' }],
      outputs: [{ name: 'approve' }],
      rules: [
        { when: ['>= 100'], then: ['true'] },
        { when: ['>= 50'], then: ['true'] },
        { when: ['< 50'], then: ['false'] },
        { when: ['< 10'], then: ['true'] },
      ],
    });
    const big = evaluateDecision(model, 'Result', { amount: 120 });
    expect(big.value).toBe(true);
    expect(big.matchedRules.map((rule) => rule.index)).toEqual([0, 1]);
    expect(evaluateDecision(model, 'Result', { amount: 20 }).value).toBe(false);
    const conflicting = evaluateDecision(model, 'Result', { amount: 5 });
    expect(conflicting.value).toBeNull();
    expect(conflicting.errors.join()).toMatch(/ANY violated/);
  });

  it('P picks the output earliest in the outputValues list', async () => {
    const model = await table({
      hitPolicy: 'PRIORITY',
      inputs: [{ expression: 'tier' }, { expression: 'amount' }],
      outputs: [{ name: 'status', outputValues: '"declined", "review", "approved"' }],
      rules: [
        { id: 'ok', when: ['-', '>= 0'], then: ['"approved"'] },
        { id: 'big', when: ['-', '> 1000'], then: ['"review"'] },
        { id: 'blocked', when: ['"blocked"', '-'], then: ['"declined"'] },
      ],
    });
    expect(evaluateDecision(model, 'Result', { tier: 'gold', amount: 10 }).value).toBe('approved');
    const big = evaluateDecision(model, 'Result', { tier: 'gold', amount: 2000 });
    expect(big.value).toBe('review');
    expect(big.appliedRules).toEqual([{ index: 1, ruleId: 'big' }]);
    expect(evaluateDecision(model, 'Result', { tier: 'blocked', amount: 2000 }).value).toBe('declined');
  });

  it('F returns the first match in rule order and stops there', async () => {
    const model = await table({ hitPolicy: 'FIRST', ...bySize });
    const result = evaluateDecision(model, 'Result', { amount: 500 });
    expect(result.value).toBe('medium');
    expect(result.matchedRules).toEqual([{ index: 1, ruleId: 'medium' }]);
  });

  it('R lists every match in rule order', async () => {
    const model = await table({ hitPolicy: 'RULE ORDER', ...bySize });
    expect(evaluateDecision(model, 'Result', { amount: 2000 }).value).toEqual(['large', 'medium', 'small']);
  });

  it('O lists every match in outputValues order', async () => {
    const model = await table({ hitPolicy: 'OUTPUT ORDER', ...bySize, outputs: [{ name: 'size', outputValues: '"small","medium","large"' }] });
    expect(evaluateDecision(model, 'Result', { amount: 2000 }).value).toEqual(['small', 'medium', 'large']);
    expect(evaluateDecision(model, 'Result', { amount: 500 }).value).toEqual(['small', 'medium']);
  });

  describe('C and its aggregations', () => {
    const bonus = (aggregation?: 'SUM' | 'MIN' | 'MAX' | 'COUNT') => table({
      hitPolicy: 'COLLECT',
      aggregation,
      inputs: [{ expression: 'years' }],
      outputs: [{ name: 'bonusMinor' }],
      rules: [
        { when: ['> 1'], then: ['10000'] },
        { when: ['> 2'], then: ['20000'] },
        { when: ['> 5'], then: ['5000'] },
      ],
    });

    it('C collects the outputs', async () => {
      expect(evaluateDecision(await bonus(), 'Result', { years: 6 }).value).toEqual([10000, 20000, 5000]);
    });
    it('C+ sums them', async () => {
      expect(evaluateDecision(await bonus('SUM'), 'Result', { years: 6 }).value).toBe(35000);
      expect(evaluateDecision(await bonus('SUM'), 'Result', { years: 0 }).value).toBeNull();
    });
    it('C< takes the minimum', async () => {
      expect(evaluateDecision(await bonus('MIN'), 'Result', { years: 6 }).value).toBe(5000);
    });
    it('C> takes the maximum', async () => {
      expect(evaluateDecision(await bonus('MAX'), 'Result', { years: 3 }).value).toBe(20000);
    });
    it('C# counts them', async () => {
      const result = evaluateDecision(await bonus('COUNT'), 'Result', { years: 3 });
      expect(result.value).toBe(2);
      expect(result.appliedRules.map((rule) => rule.index)).toEqual([0, 1]);
    });
  });

  it('builds a context from several outputs and falls back to default outputs', async () => {
    const model = await table({
      hitPolicy: 'UNIQUE',
      inputs: [{ expression: 'age' }],
      outputs: [{ name: 'status', defaultOutput: '"declined"' }, { name: 'rate', defaultOutput: '"standard"' }],
      rules: [{ when: ['>= 18'], then: ['"approved"', '"best"'] }],
    });
    expect(evaluateDecision(model, 'Result', { age: 30 }).value).toEqual({ status: 'approved', rate: 'best' });
    expect(evaluateDecision(model, 'Result', { age: 12 }).value).toEqual({ status: 'declined', rate: 'standard' });
  });

  it('gives null and an error for an input outside its inputValues', async () => {
    const model = await table({
      inputs: [{ expression: 'risk', label: 'Risk', inputValues: '"low","high"' }],
      outputs: [{ name: 'review' }],
      rules: [{ when: ['"high"'], then: ['true'] }, { when: ['"low"'], then: ['false'] }],
    });
    expect(evaluateDecision(model, 'Result', { risk: 'high' }).value).toBe(true);
    const invalid = evaluateDecision(model, 'Result', { risk: 'medium' });
    expect(invalid.value).toBeNull();
    expect(invalid.errors.join()).toMatch(/input 'Risk' = "medium" is not one of its inputValues/);
  });

  it('refuses FEEL that does not parse, naming the rule and the cell', async () => {
    const xml = (secondInputEntry: string, firstOutputEntry: string) => decisionTableXml({
      decisionName: 'Result',
      inputs: [{ expression: 'amount' }],
      outputs: [{ name: 'size' }],
      rules: [{ id: 'r1', when: ['> 10'], then: [firstOutputEntry] }, { id: 'r2', when: [secondInputEntry], then: ['"small"'] }],
    });
    await expect(parseDmn(xml('>= (', '"big"'))).rejects.toThrow(/decision 'Result' \(id decision_1\) rule 2 \(id r2\) input entry 1.*invalid FEEL ">= \("/);
    await expect(parseDmn(xml('<= 10', 'amount +* 3'))).rejects.toThrow(/rule 1 \(id r1\) output entry 1 \('size'\): invalid FEEL "amount \+\* 3"/);
  });
});
