/** A decision table's input as the evaluate form offers it. */
export interface DecisionInput {
  /** The variable the input expression reads (a plain name), or null for an expression. */
  variable: string | null;
  expression: string;
  label: string;
  typeRef: string | null;
  /** Allowed values ("standard","silver") when the input lists them. */
  options: string[];
}

export interface DecisionOutput {
  name: string;
  label: string;
}

export interface DecisionTableShape {
  decisionId: string;
  inputs: DecisionInput[];
  outputs: DecisionOutput[];
  /** Rule ids with their descriptions, in table order. */
  rules: { id: string; description: string | null }[];
}

const DMN_DECISION = 'decision';

function textOf(parent: Element | null | undefined, child: string): string {
  return parent?.getElementsByTagNameNS('*', child)[0]?.getElementsByTagNameNS('*', 'text')[0]?.textContent?.trim() ?? '';
}

/** Reads the first decision table of a DMN file (inputs, outputs, rules) for the evaluate form. */
export function readDecisionTable(xml: string, decisionId?: string): DecisionTableShape | null {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const decisions = Array.from(doc.getElementsByTagNameNS('*', DMN_DECISION));
  const decision = decisions.find((d) => !decisionId || d.getAttribute('id') === decisionId);
  const table = decision?.getElementsByTagNameNS('*', 'decisionTable')[0];
  if (!decision || !table) return null;
  const inputs = Array.from(table.getElementsByTagNameNS('*', 'input')).map((input) => {
    const expression = textOf(input, 'inputExpression');
    const typeRef = input.getElementsByTagNameNS('*', 'inputExpression')[0]?.getAttribute('typeRef') ?? null;
    const values = textOf(input, 'inputValues');
    return {
      variable: /^[A-Za-z_][\w]*$/.test(expression) ? expression : null,
      expression,
      label: input.getAttribute('label') ?? expression,
      typeRef,
      options: values ? [...values.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!) : [],
    };
  });
  const outputs = Array.from(table.getElementsByTagNameNS('*', 'output')).map((output) => ({
    name: output.getAttribute('name') ?? '',
    label: output.getAttribute('label') ?? output.getAttribute('name') ?? '',
  }));
  const rules = Array.from(table.getElementsByTagNameNS('*', 'rule')).map((rule) => ({
    id: rule.getAttribute('id') ?? '',
    description: rule.getElementsByTagNameNS('*', 'description')[0]?.textContent?.trim() || null,
  }));
  return { decisionId: decision.getAttribute('id') ?? '', inputs, outputs, rules };
}

/** A field's text as the typed value the decision expects. */
export function typedValue(input: DecisionInput, text: string): unknown {
  if (text === '') return null;
  if (input.typeRef === 'number' || input.typeRef === 'integer' || input.typeRef === 'double' || input.typeRef === 'long') {
    const value = Number(text);
    return Number.isFinite(value) ? value : text;
  }
  if (input.typeRef === 'boolean') return text === 'true' ? true : text === 'false' ? false : text;
  return text;
}
