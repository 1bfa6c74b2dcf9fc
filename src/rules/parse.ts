import { DmnModdle, type ModdleWarning } from 'dmn-moddle';
import { compileBoxed } from './compile-expression.ts';
import { DmnModelError } from './errors.ts';
import { buildTypeRegistry, type DmnType, type TypeRegistry } from './item-types.ts';
import { describeElement, type DecisionNode, type DecisionServiceNode, type DmnModel, type InputDataNode, type KnowledgeModelNode } from './model.ts';
import type {
  MBusinessKnowledgeModel, MDecision, MDecisionService, MDefinitions, MElement, MInputData, MReference,
} from './moddle-types.ts';
import { isFeelLanguage, toDmn13Namespaces } from './namespaces.ts';
import { addError, type EvalTrace, type FeelVars } from './trace.ts';

/**
 * Reads a DMN 1.1–1.5 model and compiles it. Anything the engine cannot evaluate — an
 * unknown element, an import, a non-FEEL expression language, FEEL that does not parse —
 * is refused here with a DmnModelError naming the element and its id, so a model that
 * loads is a model that runs.
 */
const moddle = new DmnModdle();

/** Where in the (rewritten) XML a moddle warning points: its own id and the DRG element around it. */
function locate(xml: string, line: number, column: number): { ownId?: string; owner?: string } {
  const lines = xml.split('\n');
  const offset = lines.slice(0, line).reduce((sum, text) => sum + text.length + 1, 0) + column;
  const tag = xml.slice(offset, xml.indexOf('>', offset) + 1);
  const ownId = /\bid\s*=\s*["']([^"']*)["']/.exec(tag)?.[1];
  const ownerPattern = /<(?:[\w-]+:)?(decision|businessKnowledgeModel|decisionService|inputData|itemDefinition)\b[^>]*?\bid\s*=\s*["']([^"']*)["']/g;
  let owner: string | undefined;
  for (const match of xml.slice(0, offset).matchAll(ownerPattern)) owner = `${match[1]} ${match[2]}`;
  return { ownId, owner };
}

function refuseWarnings(warnings: readonly ModdleWarning[], xml: string): void {
  for (const warning of warnings) {
    const nested = warning.error?.message ?? warning.message;
    const unknownType = /unknown type <dmn:(\w+)>/.exec(nested) ?? /unknown type <dmn:(\w+)>/.exec(warning.message);
    const line = Number(/line: (\d+)/.exec(warning.message)?.[1] ?? -1);
    const column = Number(/column: (\d+)/.exec(warning.message)?.[1] ?? 0);
    const { ownId, owner } = line >= 0 ? locate(xml, line, column) : {};
    const element = /unparsable content <([^\s>/]+)/.exec(warning.message)?.[1];
    const at = `${ownId ? ` (id ${ownId})` : ''}${owner ? ` in ${owner}` : ''}${line >= 0 ? ` at line ${line + 1}` : ''}`;
    if (unknownType) {
      throw new DmnModelError('UNSUPPORTED_ELEMENT', `unsupported DMN element <${element ?? unknownType[1]}>${at}: the engine evaluates DMN 1.3 elements `
        + '(DMN 1.4/1.5 conditional, filter, iterator and typeConstraint are not supported)');
    }
    if (/unknown type <[\w-]+:/.test(nested)) continue; // a vendor's extension element outside extensionElements: not ours to judge
    throw new DmnModelError('INVALID_XML', `cannot read <${element ?? '?'}>${at}: ${warning.message.split('\n')[0]}`);
  }
}

function targetId(reference: MReference | undefined, where: string): string {
  const href = reference?.href ?? '';
  const hash = href.indexOf('#');
  if (hash < 0) throw new DmnModelError('INVALID_MODEL', `${where}: requirement href "${href}" is not a #id reference`);
  if (hash > 0) throw new DmnModelError('UNSUPPORTED_ELEMENT', `${where}: requirement "${href}" points into an imported model; imports are not supported`);
  return href.slice(hash + 1);
}

/** Names as FEEL sees them, with the component names of structured types (needed to parse `Loan.monthly payment`). */
function shapeOf(type: DmnType, depth = 0): unknown {
  if (type.kind !== 'item' || depth > 5) return null;
  if (type.components) return Object.fromEntries([...type.components].map(([key, component]) => [key, shapeOf(component, depth + 1)]));
  return type.base ? shapeOf(type.base, depth + 1) : null;
}

interface Elements {
  decisions: MDecision[];
  inputs: MInputData[];
  bkms: MBusinessKnowledgeModel[];
  services: MDecisionService[];
}

function collectElements(definitions: MDefinitions): Elements {
  const elements: Elements = { decisions: [], inputs: [], bkms: [], services: [] };
  for (const element of definitions.drgElement ?? []) {
    if (element.$type === 'dmn:Decision') elements.decisions.push(element);
    else if (element.$type === 'dmn:InputData') elements.inputs.push(element);
    else if (element.$type === 'dmn:BusinessKnowledgeModel') elements.bkms.push(element);
    else if (element.$type === 'dmn:DecisionService') elements.services.push(element);
  }
  const seen = new Set<string>();
  for (const element of [...elements.decisions, ...elements.inputs, ...elements.bkms, ...elements.services] as MElement[]) {
    const kind = element.$type.replace('dmn:', '').replace(/^./, (c) => c.toLowerCase());
    if (!element.id) throw new DmnModelError('INVALID_MODEL', `${describeElement(kind, element)} has no id`);
    if (seen.has(element.id)) throw new DmnModelError('INVALID_MODEL', `two elements share the id ${element.id}`);
    seen.add(element.id);
  }
  return elements;
}

function compileDecision(decision: MDecision, names: FeelVars, types: TypeRegistry, ids: ReadonlySet<string>): DecisionNode {
  const where = describeElement('decision', decision);
  const requiredDecisionIds: string[] = [];
  const requiredInputIds: string[] = [];
  for (const requirement of decision.informationRequirement ?? []) {
    if (requirement.requiredDecision) requiredDecisionIds.push(targetId(requirement.requiredDecision, where));
    if (requirement.requiredInput) requiredInputIds.push(targetId(requirement.requiredInput, where));
  }
  const requiredKnowledgeIds = (decision.knowledgeRequirement ?? []).map((requirement) => targetId(requirement.requiredKnowledge, where));
  for (const id of [...requiredDecisionIds, ...requiredInputIds, ...requiredKnowledgeIds]) {
    if (!ids.has(id)) throw new DmnModelError('INVALID_MODEL', `${where}: requires #${id}, which is not in the model`);
  }
  const logic = decision.decisionLogic
    ? compileBoxed(decision.decisionLogic, { where, names, types, ownerId: decision.id ?? '' })
    : (_vars: FeelVars, trace: EvalTrace) => {
      addError(trace, `${where} has no decision logic`);
      return null;
    };
  return {
    id: decision.id ?? '', name: decision.name ?? decision.id ?? '', type: types.resolve(decision.variable?.typeRef),
    requiredDecisionIds, requiredInputIds, requiredKnowledgeIds, logic,
  };
}

function compileKnowledgeModel(bkm: MBusinessKnowledgeModel, names: FeelVars, types: TypeRegistry): KnowledgeModelNode {
  const where = describeElement('business knowledge model', bkm);
  const logic = bkm.encapsulatedLogic;
  if (logic?.kind && logic.kind !== 'FEEL') throw new DmnModelError('UNSUPPORTED_ELEMENT', `${where}: ${logic.kind} functions are not supported, only FEEL`);
  const parameters = (logic?.formalParameter ?? []).map((parameter) => ({ name: parameter.name ?? '', type: types.resolve(parameter.typeRef) }));
  const scopeNames = { ...names, ...Object.fromEntries(parameters.map((parameter) => [parameter.name, shapeOf(parameter.type)])) };
  return {
    id: bkm.id ?? '', name: bkm.name ?? bkm.id ?? '', parameters,
    requiredKnowledgeIds: (bkm.knowledgeRequirement ?? []).map((requirement) => targetId(requirement.requiredKnowledge, where)),
    body: logic?.body ? compileBoxed(logic.body, { where, names: scopeNames, types, ownerId: bkm.id ?? '' }) : () => null,
  };
}

function compileDecisionService(service: MDecisionService): DecisionServiceNode {
  const where = describeElement('decision service', service);
  const ids = (references: MReference[] | undefined) => (references ?? []).map((reference) => targetId(reference, where));
  return {
    id: service.id ?? '', name: service.name ?? service.id ?? '', outputDecisionIds: ids(service.outputDecision),
    inputDecisionIds: ids(service.inputDecision), inputDataIds: ids(service.inputData),
  };
}

/** A decision that requires itself, directly or not, could never be evaluated: refuse it when reading. */
function refuseRequirementCycles(decisions: ReadonlyMap<string, DecisionNode>): void {
  const done = new Set<string>();
  const visit = (node: DecisionNode, path: DecisionNode[]): void => {
    if (done.has(node.id)) return;
    if (path.includes(node)) {
      const cycle = [...path.slice(path.indexOf(node)), node].map((step) => `'${step.name}'`).join(' → ');
      throw new DmnModelError('INVALID_MODEL', `decision requirements form a cycle: ${cycle}`);
    }
    for (const id of node.requiredDecisionIds) {
      const required = decisions.get(id);
      if (required) visit(required, [...path, node]);
    }
    done.add(node.id);
  };
  for (const node of decisions.values()) visit(node, []);
}

function buildModel(definitions: MDefinitions): DmnModel {
  if (definitions.import?.length) {
    const first = definitions.import[0] as MElement & { namespace?: string };
    throw new DmnModelError('UNSUPPORTED_ELEMENT', `${describeElement('import', first)} of ${first.namespace ?? 'another model'}: imports are not supported`);
  }
  if (!isFeelLanguage(definitions.expressionLanguage)) {
    throw new DmnModelError('UNSUPPORTED_ELEMENT', `${describeElement('definitions', definitions)}: expression language ${definitions.expressionLanguage} is not supported, only FEEL`);
  }
  const types = buildTypeRegistry(definitions.itemDefinition ?? []);
  const elements = collectElements(definitions);
  const names: FeelVars = {};
  for (const input of elements.inputs) names[input.name ?? ''] = shapeOf(types.resolve(input.variable?.typeRef));
  for (const decision of elements.decisions) names[decision.name ?? ''] = shapeOf(types.resolve(decision.variable?.typeRef));
  for (const invocable of [...elements.bkms, ...elements.services]) names[invocable.name ?? ''] = null;
  const ids = new Set([...elements.decisions, ...elements.inputs, ...elements.bkms, ...elements.services].map((element) => element.id ?? ''));

  const inputData = new Map<string, InputDataNode>(elements.inputs.map((input) => [input.id ?? '', {
    id: input.id ?? '', name: input.name ?? input.id ?? '', type: types.resolve(input.variable?.typeRef),
  }]));
  const decisions = new Map(elements.decisions.map((decision) => [decision.id ?? '', compileDecision(decision, names, types, ids)]));
  refuseRequirementCycles(decisions);
  return {
    id: definitions.id,
    name: definitions.name ?? definitions.id ?? '',
    namespace: definitions.namespace,
    decisions,
    inputData,
    knowledgeModels: new Map(elements.bkms.map((bkm) => [bkm.id ?? '', compileKnowledgeModel(bkm, names, types)])),
    decisionServices: new Map(elements.services.map((service) => [service.id ?? '', compileDecisionService(service)])),
    types,
  };
}

export async function parseDmn(xml: string): Promise<DmnModel> {
  const rewritten = toDmn13Namespaces(xml);
  let parsed;
  try {
    parsed = await moddle.fromXML(rewritten, 'dmn:Definitions');
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new DmnModelError('INVALID_XML', `not a readable DMN model: ${message}`);
  }
  refuseWarnings(parsed.warnings, rewritten);
  return buildModel(parsed.rootElement as unknown as MDefinitions);
}
