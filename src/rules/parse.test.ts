import { describe, expect, it } from 'vitest';
import { DmnModelError, evaluateDecision, parseDmn } from './index.ts';
import { decisionTableXml } from './table-xml.ts';

const NAMESPACES = {
  '1.1': 'http://www.omg.org/spec/DMN/20151101/dmn.xsd',
  '1.2': 'http://www.omg.org/spec/DMN/20180521/MODEL/',
  '1.3': 'https://www.omg.org/spec/DMN/20191111/MODEL/',
  '1.4': 'https://www.omg.org/spec/DMN/20211108/MODEL/',
  '1.5': 'https://www.omg.org/spec/DMN/20230324/MODEL/',
};

const model = (dmnNamespace: string, body: string) => `<?xml version="1.0"?>
<definitions xmlns="${dmnNamespace}" xmlns:feel="http://www.omg.org/spec/FEEL/20140401" id="defs" name="test" namespace="urn:test">
${body}
</definitions>`;

describe('parseDmn', () => {
  it.each(Object.entries(NAMESPACES))('reads DMN %s', async (_version, dmnNamespace) => {
    const parsed = await parseDmn(decisionTableXml({
      decisionName: 'Shipping', dmnNamespace, hitPolicy: 'FIRST',
      inputs: [{ expression: 'weight' }], outputs: [{ name: 'costMinor' }],
      rules: [{ when: ['< 2'], then: ['490'] }, { when: ['-'], then: ['990'] }],
    }));
    expect(evaluateDecision(parsed, 'Shipping', { weight: 1 }).value).toBe(490);
    expect(evaluateDecision(parsed, 'Shipping', { weight: 5 }).value).toBe(990);
  });

  it('reads DMN 1.1 typeRefs written as feel: QNames', async () => {
    const parsed = await parseDmn(model(NAMESPACES['1.1'], `
      <inputData id="i_age" name="Age"><variable name="Age" typeRef="feel:number"/></inputData>
      <decision id="d_adult" name="Adult">
        <variable name="Adult" typeRef="feel:boolean"/>
        <informationRequirement><requiredInput href="#i_age"/></informationRequirement>
        <literalExpression><text>Age &gt;= 18</text></literalExpression>
      </decision>`));
    expect(evaluateDecision(parsed, 'Adult', { Age: 20 }).value).toBe(true);
    const wrongType = evaluateDecision(parsed, 'Adult', { Age: 'twenty' });
    expect(wrongType.value).toBeNull();
    expect(wrongType.errors.join()).toMatch(/input data 'Age': "twenty" is not a number/);
  });

  it('refuses a DMN 1.5 boxed conditional, naming the element and its decision', async () => {
    const xml = model(NAMESPACES['1.5'], `
      <decision id="d_route" name="Route">
        <conditional id="cond_1"><if><literalExpression><text>true</text></literalExpression></if></conditional>
      </decision>`);
    const error = await parseDmn(xml).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DmnModelError);
    expect((error as DmnModelError).code).toBe('UNSUPPORTED_ELEMENT');
    expect((error as Error).message).toMatch(/<conditional> \(id cond_1\) in decision d_route at line 5/);
  });

  it('refuses imports, Java functions and other expression languages', async () => {
    await expect(parseDmn(model(NAMESPACES['1.3'], '<import id="imp1" name="other" namespace="urn:other" importType="x"/>')))
      .rejects.toThrow(/import 'other' \(id imp1\) of urn:other: imports are not supported/);
    await expect(parseDmn(model(NAMESPACES['1.3'], `
      <businessKnowledgeModel id="b1" name="Calc"><encapsulatedLogic kind="Java"/></businessKnowledgeModel>`)))
      .rejects.toThrow(/business knowledge model 'Calc' \(id b1\): Java functions are not supported/);
    await expect(parseDmn(model(NAMESPACES['1.3'], `
      <decision id="d1" name="D"><literalExpression id="le1" expressionLanguage="javascript"><text>1</text></literalExpression></decision>`)))
      .rejects.toThrow(/decision 'D' \(id d1\): <literalExpression> \(id le1\) uses expression language javascript/);
  });

  it('refuses broken XML and dangling requirements with a DmnModelError', async () => {
    await expect(parseDmn('<definitions')).rejects.toThrow(DmnModelError);
    await expect(parseDmn('not xml at all')).rejects.toThrow(/not a readable DMN model/);
    await expect(parseDmn(model(NAMESPACES['1.3'], `
      <decision id="d1" name="D"><informationRequirement id="ir1"><requiredDecision href="#nowhere"/></informationRequirement>
        <literalExpression><text>1</text></literalExpression></decision>`)))
      .rejects.toThrow(/decision 'D' \(id d1\): requires #nowhere, which is not in the model/);
    const requires = (id: string, name: string, other: string) => `
      <decision id="${id}" name="${name}"><informationRequirement><requiredDecision href="#${other}"/></informationRequirement>
        <literalExpression><text>1</text></literalExpression></decision>`;
    await expect(parseDmn(model(NAMESPACES['1.3'], requires('a', 'A', 'b') + requires('b', 'B', 'a'))))
      .rejects.toThrow(/decision requirements form a cycle: 'A' → 'B' → 'A'/);
  });
});
