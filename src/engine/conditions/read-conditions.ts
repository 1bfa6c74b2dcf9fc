import type { ModdleElement } from 'bpmn-moddle';
import { extensionAttribute, REBOUND_NS, type NamespacePrefixes } from '../model/extension-attributes.ts';
import { compileCondition, type StoredCondition } from './condition.ts';

/** Events that may carry a conditional event definition: they wait until it is true. */
const CONDITIONAL_EVENT_HOSTS = new Set(['bpmn:IntermediateCatchEvent', 'bpmn:BoundaryEvent']);

/**
 * Reads every condition of a process at deploy — sequence flows and conditional events,
 * sub-processes included — and translates it to FEEL (JUEL `${…}` included). What cannot be
 * translated refuses the deploy, naming the element, its line in the file and the expression.
 */
export function readConditions(process: ModdleElement, xml: string, prefixes: NamespacePrefixes, problems: string[]): Record<string, StoredCondition> {
  const conditions: Record<string, StoredCondition> = {};
  const lines = lineIndex(xml);
  const walk = (container: ModdleElement) => {
    for (const element of (container.flowElements as ModdleElement[] | undefined) ?? []) {
      if (element.$type === 'bpmn:SubProcess') walk(element);
      if (element.$type === 'bpmn:SequenceFlow') {
        const expression = element.conditionExpression as ModdleElement | undefined;
        if (expression) add(element, 'flow', expression, 'sequence flow');
        continue;
      }
      const definitions = ((element.eventDefinitions as ModdleElement[] | undefined) ?? []).filter((d) => d.$type === 'bpmn:ConditionalEventDefinition');
      if (!definitions.length) continue;
      if (!CONDITIONAL_EVENT_HOSTS.has(element.$type) || definitions.length > 1 || (element.eventDefinitions as unknown[]).length > 1) {
        problems.push(`conditional event at ${at(element)} is not supported there (a conditional event may be an intermediate catch event or a boundary event with one event definition)${lineOf(element)}`);
        continue;
      }
      const expression = definitions[0]!.condition as ModdleElement | undefined;
      if (!expression) problems.push(`conditional event at ${at(element)} has no <condition>${lineOf(element)}`);
      else add(element, 'event', expression, 'conditional event');
    }
  };
  const add = (element: ModdleElement, kind: StoredCondition['kind'], expression: ModdleElement, label: string) => {
    const body = ((expression.body as string | undefined) ?? '').trim();
    const compiled = compileCondition(body, expression.language as string | undefined);
    if ('error' in compiled) {
      // Worded as before decision 023 ("… at <id>: …"), the line last, so existing tooling still matches.
      const where = label === 'sequence flow' ? at(element) : `${label} ${at(element)}`;
      problems.push(`${{
        empty: `invalid FEEL condition at ${where}: "": empty expression`,
        language: `unsupported condition language ${expression.language as string} at ${where} (conditions are FEEL, or JUEL written as \${…})`,
        juel: `unsupported JUEL condition at ${label} ${at(element)}: "${body}": ${compiled.error}`,
        feel: `invalid FEEL condition at ${where}: "${body}": ${compiled.error}`,
      }[compiled.reason]}${lineOf(element)}`);
      return;
    }
    const optional = extensionAttribute(element, prefixes, REBOUND_NS, 'optional');
    if (optional !== undefined && optional !== 'true' && optional !== 'false') problems.push(`rebound:optional at ${at(element)} must be true or false${lineOf(element)}`);
    conditions[element.id!] = { kind, expression: body, ...compiled, optional: optional === 'true' };
  };
  const at = (element: ModdleElement) => (element.name ? `${element.id} ("${element.name}")` : element.id!);
  const lineOf = (element: ModdleElement) => {
    const line = lines(element.id!);
    return line ? ` (line ${line})` : '';
  };
  walk(process);
  return conditions;
}

/** The line of the element whose id="…" it is, found in the file as sent. */
function lineIndex(xml: string): (id: string) => number | undefined {
  return (id) => {
    const match = new RegExp(`\\sid\\s*=\\s*["']${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']`).exec(xml);
    if (!match) return undefined;
    let line = 1;
    for (let i = 0; i < match.index; i++) if (xml.charCodeAt(i) === 10) line++;
    return line;
  };
}
