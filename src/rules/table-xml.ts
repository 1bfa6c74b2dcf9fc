import type { Aggregation, HitPolicy } from './hit-policies.ts';

/**
 * Writes a one-decision DMN model around a decision table given as plain data — for
 * tests, benchmarks and generated tables, so none of them hand-writes DMN XML.
 */
export interface TableSpec {
  decisionName: string;
  decisionId?: string;
  hitPolicy?: HitPolicy;
  aggregation?: Aggregation;
  inputs: { expression: string; label?: string; inputValues?: string; typeRef?: string }[];
  outputs: { name: string; outputValues?: string; defaultOutput?: string; typeRef?: string }[];
  rules: { id?: string; when: string[]; then: string[] }[];
  /** DMN model namespace URI; DMN 1.3 by default. */
  dmnNamespace?: string;
}

export const DMN13_NAMESPACE = 'https://www.omg.org/spec/DMN/20191111/MODEL/';

export const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const attr = (name: string, value: string | undefined) => (value === undefined ? '' : ` ${name}="${escapeXml(value)}"`);
const text = (value: string) => `<text>${escapeXml(value)}</text>`;

export function decisionTableXml(spec: TableSpec): string {
  const id = spec.decisionId ?? 'decision_1';
  const inputs = spec.inputs.map((input, i) => `
      <input id="${id}_in${i + 1}"${attr('label', input.label)}>
        <inputExpression id="${id}_in${i + 1}_expr"${attr('typeRef', input.typeRef)}>${text(input.expression)}</inputExpression>
        ${input.inputValues ? `<inputValues>${text(input.inputValues)}</inputValues>` : ''}
      </input>`).join('');
  const outputs = spec.outputs.map((output, i) => `
      <output id="${id}_out${i + 1}"${attr('name', output.name)}${attr('typeRef', output.typeRef)}>
        ${output.outputValues ? `<outputValues>${text(output.outputValues)}</outputValues>` : ''}
        ${output.defaultOutput ? `<defaultOutputEntry>${text(output.defaultOutput)}</defaultOutputEntry>` : ''}
      </output>`).join('');
  const rules = spec.rules.map((rule, r) => {
    const ruleId = rule.id ?? `${id}_rule${r + 1}`;
    return `
      <rule id="${ruleId}">
        ${rule.when.map((entry, i) => `<inputEntry id="${ruleId}_i${i + 1}">${text(entry)}</inputEntry>`).join('')}
        ${rule.then.map((entry, i) => `<outputEntry id="${ruleId}_o${i + 1}">${text(entry)}</outputEntry>`).join('')}
      </rule>`;
  }).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="${spec.dmnNamespace ?? DMN13_NAMESPACE}" id="definitions_${id}" name="${escapeXml(spec.decisionName)} model" namespace="urn:rebound:rules:test">
  <decision id="${id}" name="${escapeXml(spec.decisionName)}">
    <decisionTable id="${id}_table"${attr('hitPolicy', spec.hitPolicy)}${attr('aggregation', spec.aggregation)}>${inputs}${outputs}${rules}
    </decisionTable>
  </decision>
</definitions>`;
}
