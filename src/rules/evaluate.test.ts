import { describe, expect, it } from 'vitest';
import { DmnEvaluationError, evaluateDecision, invokeByName, parseDmn } from './index.ts';

// A small compensation model: a decision table on a tier, a BKM, a boxed context and a
// decision that requires the others, in integer minor units as everywhere in Rebound.
const COMPENSATION = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="comp" name="Compensation" namespace="urn:rebound:comp">
  <itemDefinition name="tTier"><typeRef>string</typeRef><allowedValues><text>"gold","silver","basic"</text></allowedValues></itemDefinition>
  <itemDefinition name="tClaim">
    <itemComponent name="amount minor"><typeRef>number</typeRef></itemComponent>
    <itemComponent name="units"><typeRef>number</typeRef></itemComponent>
  </itemDefinition>
  <inputData id="i_tier" name="Customer Tier"><variable name="Customer Tier" typeRef="tTier"/></inputData>
  <inputData id="i_claim" name="Claim"><variable name="Claim" typeRef="tClaim"/></inputData>
  <businessKnowledgeModel id="b_pct" name="percent of">
    <variable name="percent of"/>
    <encapsulatedLogic>
      <formalParameter name="amount" typeRef="number"/>
      <formalParameter name="percent" typeRef="number"/>
      <literalExpression><text>floor(amount * percent / 100)</text></literalExpression>
    </encapsulatedLogic>
  </businessKnowledgeModel>
  <decision id="d_rate" name="Refund Percent">
    <variable name="Refund Percent" typeRef="number"/>
    <informationRequirement id="r1"><requiredInput href="#i_tier"/></informationRequirement>
    <decisionTable id="t_rate" hitPolicy="UNIQUE">
      <input id="in_tier" label="Tier"><inputExpression typeRef="string"><text>Customer Tier</text></inputExpression></input>
      <output id="out_pct" name="percent"/>
      <rule id="rate_gold"><inputEntry><text>"gold"</text></inputEntry><outputEntry><text>100</text></outputEntry></rule>
      <rule id="rate_silver"><inputEntry><text>"silver"</text></inputEntry><outputEntry><text>50</text></outputEntry></rule>
      <rule id="rate_basic"><inputEntry><text>"basic"</text></inputEntry><outputEntry><text>25</text></outputEntry></rule>
    </decisionTable>
  </decision>
  <decision id="d_refund" name="Refund">
    <variable name="Refund"/>
    <informationRequirement id="r2"><requiredDecision href="#d_rate"/></informationRequirement>
    <informationRequirement id="r3"><requiredInput href="#i_claim"/></informationRequirement>
    <knowledgeRequirement id="k1"><requiredKnowledge href="#b_pct"/></knowledgeRequirement>
    <context id="ctx">
      <contextEntry><variable name="refund minor"/>
        <invocation id="inv">
          <literalExpression><text>percent of</text></literalExpression>
          <binding><parameter name="amount"/><literalExpression><text>Claim.amount minor</text></literalExpression></binding>
          <binding><parameter name="percent"/><literalExpression><text>Refund Percent</text></literalExpression></binding>
        </invocation>
      </contextEntry>
      <contextEntry><variable name="voucher minor"/><literalExpression><text>percent of(Claim.units * 500, Refund Percent)</text></literalExpression></contextEntry>
      <contextEntry><variable name="total minor"/><literalExpression><text>refund minor + voucher minor</text></literalExpression></contextEntry>
    </context>
  </decision>
</definitions>`;

describe('evaluateDecision', () => {
  it('evaluates required decisions first and explains which rules matched', async () => {
    const model = await parseDmn(COMPENSATION);
    const result = evaluateDecision(model, 'Refund', { 'Customer Tier': 'silver', Claim: { 'amount minor': 1999, units: 3 } });
    expect(result.value).toEqual({ 'refund minor': 999, 'voucher minor': 750, 'total minor': 1749 });
    expect(result.errors).toEqual([]);
    expect(result.trace.map((entry) => entry.decisionName)).toEqual(['Refund Percent', 'Refund']);
    expect(result.trace[0]?.matchedRules).toEqual([{ index: 1, ruleId: 'rate_silver' }]);
  });

  it('finds a decision by id as well as by name', async () => {
    const model = await parseDmn(COMPENSATION);
    expect(evaluateDecision(model, 'd_rate', { 'Customer Tier': 'gold' }).value).toBe(100);
  });

  it('makes an input outside its allowed values null, with the reason', async () => {
    const model = await parseDmn(COMPENSATION);
    const result = evaluateDecision(model, 'Refund Percent', { 'Customer Tier': 'platinum' });
    expect(result.value).toBeNull();
    expect(result.errors.join()).toMatch(/input data 'Customer Tier': "platinum" is not one of the allowed values of tTier/);
  });

  it('invokes a business knowledge model by name', async () => {
    const model = await parseDmn(COMPENSATION);
    expect(invokeByName(model, 'percent of', { amount: 1000, percent: 15 }).value).toBe(150);
  });

  it('throws for a decision the model does not have', async () => {
    const model = await parseDmn(COMPENSATION);
    expect(() => evaluateDecision(model, 'Nope', {})).toThrow(DmnEvaluationError);
    expect(() => evaluateDecision(model, 'Nope', {})).toThrow(/decisions: Refund Percent, Refund/);
  });

  it('invokes decision services, directly and from FEEL', async () => {
    const model = await parseDmn(`<?xml version="1.0"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="svc" name="Services" namespace="urn:svc">
  <inputData id="i_x" name="x"><variable name="x" typeRef="number"/></inputData>
  <decision id="d_double" name="Double"><informationRequirement><requiredInput href="#i_x"/></informationRequirement>
    <literalExpression><text>x * 2</text></literalExpression></decision>
  <decision id="d_plus" name="Plus One"><informationRequirement><requiredDecision href="#d_double"/></informationRequirement>
    <literalExpression><text>Double + 1</text></literalExpression></decision>
  <decisionService id="s_from_x" name="From X">
    <outputDecision href="#d_plus"/><encapsulatedDecision href="#d_double"/><inputData href="#i_x"/>
  </decisionService>
  <decisionService id="s_from_double" name="From Double">
    <outputDecision href="#d_plus"/><inputDecision href="#d_double"/>
  </decisionService>
  <decision id="d_use" name="Use"><knowledgeRequirement><requiredKnowledge href="#s_from_x"/></knowledgeRequirement>
    <literalExpression><text>From X(20)</text></literalExpression></decision>
</definitions>`);
    expect(invokeByName(model, 'From X', { x: 5 }).value).toBe(11);
    expect(invokeByName(model, 's_from_double', { Double: 100 }).value).toBe(101);
    expect(evaluateDecision(model, 'Use', {}).value).toBe(41);
  });
});
