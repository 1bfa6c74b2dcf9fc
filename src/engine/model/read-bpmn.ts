import BpmnModdle, { type ModdleContext, type ModdleElement } from 'bpmn-moddle';
import { ISOInterval, getDate } from '@0dep/piso';
import { readConditions } from '../conditions/read-conditions.ts';
import { feelSyntaxError } from '../feel/feel-expression.ts';
import { extensionAttribute, namespacePrefixes, REBOUND_NS, reboundOrCamunda, splitList, type NamespacePrefixes } from './extension-attributes.ts';
import type { ProcessModel, TimerStart } from './process-model.ts';
import { isIgnoredNamespace, REFUSAL_HINTS, SUPPORTED_BPMN_TYPES } from './supported-elements.ts';

export interface ReadBpmnResult {
  moddle: ModdleContext;
  model: ProcessModel;
}

/** A model the engine will not run, with every reason found (not only the first). */
export class ModelRefusedError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0]! : `${problems.length} problems: ${problems.join('; ')}`);
    this.name = 'ModelRefusedError';
  }
}

const moddle = new BpmnModdle();

/**
 * Reads and checks a BPMN file: every element must be one the engine executes, every
 * condition FEEL or translatable JUEL (conditions/read-conditions.ts), every timer a valid ISO 8601 duration, date or cycle, every
 * service task must name an action. Refuses with all problems at once.
 */
export async function readBpmn(xml: string): Promise<ReadBpmnResult> {
  let parsed: ModdleContext;
  try {
    parsed = await moddle.fromXML(xml.trim());
  } catch (error) {
    throw new ModelRefusedError([`not a BPMN 2.0 document: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`]);
  }
  const definitions = parsed.rootElement;
  if (definitions?.$type !== 'bpmn:Definitions') throw new ModelRefusedError(['not a BPMN 2.0 document: no <definitions>']);
  const unparsed = parsed.warnings.filter((w) => /unparsable content|unknown type/i.test(w.message));
  const problems = unparsed.map((w) => `unreadable content: ${w.message.split('\n')[0]}`);
  problems.push(...unsupportedElements(definitions));

  const processes = ((definitions.rootElements as ModdleElement[] | undefined) ?? []).filter((e) => e.$type === 'bpmn:Process');
  const executable = processes.filter((p) => p.isExecutable === true);
  if (processes.length === 0) problems.push('no <process> in the document');
  if (executable.length > 1) problems.push(`${executable.length} executable processes (${executable.map((p) => p.id).join(', ')}); deploy one per file`);
  const chosen = executable[0] ?? processes.find((p) => ((p.flowElements as unknown[] | undefined) ?? []).length > 0) ?? processes[0];
  if (!chosen) throw new ModelRefusedError(problems);

  const prefixes = namespacePrefixes(definitions);
  const model = describeProcess(chosen, executable.length === 1, prefixes, problems);
  model.conditions = readConditions(chosen, xml, prefixes, problems);
  if (problems.length) throw new ModelRefusedError(problems);
  return { moddle: parsed, model };
}

function where(element: ModdleElement | undefined): string {
  let at = element;
  while (at && !at.id) at = at.$parent;
  if (!at) return 'the document';
  return at.name ? `${at.id} ("${at.name}")` : at.id!;
}

/** Walks the containment tree (not references) and names every unsupported element. */
function unsupportedElements(root: ModdleElement): string[] {
  const problems: string[] = [];
  const seen = new Set<unknown>();
  const visit = (element: ModdleElement) => {
    if (seen.has(element)) return;
    seen.add(element);
    const type = element.$type;
    if (isIgnoredNamespace(type)) return;
    if (!SUPPORTED_BPMN_TYPES.has(type)) {
      const hint = REFUSAL_HINTS[type];
      problems.push(`unsupported element ${type} at ${where(element.id ? element : element.$parent)}${hint ? ` (${hint})` : ''}`);
      return;
    }
    for (const [key, value] of Object.entries(element)) {
      if (key.startsWith('$') || key.endsWith('Ref') || key.endsWith('Refs') || key === 'sourceRef' || key === 'targetRef') continue;
      for (const child of Array.isArray(value) ? value : [value]) {
        if (isChild(child, element)) visit(child);
      }
    }
  };
  visit(root);
  return problems;
}

function isChild(value: unknown, parent: ModdleElement): value is ModdleElement {
  return typeof value === 'object' && value !== null && typeof (value as ModdleElement).$type === 'string' && (value as ModdleElement).$parent === parent;
}

function flowElementsOf(container: ModdleElement): ModdleElement[] {
  const own = (container.flowElements as ModdleElement[] | undefined) ?? [];
  return own.flatMap((e) => (e.$type === 'bpmn:SubProcess' ? [e, ...flowElementsOf(e)] : [e]));
}

function eventDefinitionsOf(element: ModdleElement): ModdleElement[] {
  return (element.eventDefinitions as ModdleElement[] | undefined) ?? [];
}

function describeProcess(process: ModdleElement, executable: boolean, prefixes: NamespacePrefixes, problems: string[]): ProcessModel {
  const model: ProcessModel = {
    processId: process.id!,
    name: process.name ?? null,
    executable,
    activities: {},
    userTasks: {},
    actionTasks: {},
    decisionTasks: {},
    messageWaits: {},
    messageStarts: [],
    timerStarts: [],
    escalations: {},
    hasNoneStart: false,
  };
  const elements = flowElementsOf(process);
  const incoming = new Map<string, number>();
  for (const flow of elements.filter((e) => e.$type === 'bpmn:SequenceFlow')) {
    const target = (flow as { targetRef?: { id?: string } }).targetRef?.id;
    if (target) incoming.set(target, (incoming.get(target) ?? 0) + 1);
  }
  for (const element of elements) {
    const id = element.id!;
    const name = element.name ?? null;
    if (element.$type !== 'bpmn:SequenceFlow') model.activities[id] = { type: element.$type, name };
    switch (element.$type) {
      case 'bpmn:InclusiveGateway':
        // Measured here: after a wait the engine's converging inclusive gateway lets the first
        // branch through without waiting for the others, so a join would silently run ahead.
        if ((incoming.get(id) ?? 0) > 1) {
          problems.push(`converging inclusive gateway at ${where(element)} is not supported (it does not wait for all taken branches): split with a parallel gateway, choose per branch with an exclusive gateway, and join every branch, taken or skipped, at one parallel gateway`);
        }
        break;
      case 'bpmn:UserTask':
        model.userTasks[id] = readUserTask(element, prefixes, problems);
        break;
      case 'bpmn:ServiceTask':
      case 'bpmn:SendTask': {
        const action = extensionAttribute(element, prefixes, REBOUND_NS, 'action');
        if (!action) {
          problems.push(`${element.$type} at ${where(element)} names no action (set rebound:action="…")`);
          break;
        }
        const input = extensionAttribute(element, prefixes, REBOUND_NS, 'input') ?? null;
        if (input) {
          const error = feelSyntaxError(input);
          if (error) problems.push(`invalid FEEL input at ${where(element)}: ${error}`);
        }
        const retries = Number(extensionAttribute(element, prefixes, REBOUND_NS, 'retries') ?? '3');
        if (!Number.isInteger(retries) || retries < 0 || retries > 20) problems.push(`rebound:retries at ${where(element)} must be 0–20`);
        model.actionTasks[id] = {
          name, action, input,
          resultVariable: extensionAttribute(element, prefixes, REBOUND_NS, 'resultVariable') ?? null,
          maxAttempts: retries + 1,
        };
        break;
      }
      case 'bpmn:BusinessRuleTask': {
        const decisionKey = reboundOrCamunda(element, prefixes, 'decisionKey', 'decisionRef');
        if (!decisionKey) {
          problems.push(`bpmn:BusinessRuleTask at ${where(element)} names no decision (set rebound:decisionKey="…")`);
          break;
        }
        model.decisionTasks[id] = {
          name, decisionKey,
          decision: extensionAttribute(element, prefixes, REBOUND_NS, 'decision') ?? null,
          resultVariable: reboundOrCamunda(element, prefixes, 'resultVariable') ?? 'decisionResult',
        };
        break;
      }
      case 'bpmn:ReceiveTask':
        addMessageWait(model, id, element.messageRef as ModdleElement | undefined, element, problems);
        break;
      case 'bpmn:StartEvent':
        readStartEvent(model, element, problems);
        break;
      case 'bpmn:IntermediateCatchEvent':
      case 'bpmn:BoundaryEvent':
        for (const definition of eventDefinitionsOf(element)) {
          if (definition.$type === 'bpmn:MessageEventDefinition') addMessageWait(model, id, definition.messageRef as ModdleElement | undefined, element, problems);
          if (definition.$type === 'bpmn:TimerEventDefinition') readTimer(definition, element, problems);
        }
        if (element.$type === 'bpmn:BoundaryEvent') readEscalation(model, element, prefixes, problems);
        break;
    }
  }
  return model;
}

function readUserTask(task: ModdleElement, prefixes: NamespacePrefixes, problems: string[]) {
  const priorityText = reboundOrCamunda(task, prefixes, 'priority');
  const priority = priorityText === undefined ? 50 : Number(priorityText);
  if (!Number.isInteger(priority) || priority < 0 || priority > 100) problems.push(`priority at ${where(task)} must be an integer 0–100`);
  const dueIn = reboundOrCamunda(task, prefixes, 'dueIn', 'dueDate') ?? null;
  if (dueIn && !isExpression(dueIn) && !validDuration(dueIn) && !validDate(dueIn)) problems.push(`due time at ${where(task)} is neither an ISO 8601 duration nor a date: "${dueIn}"`);
  return {
    name: task.name ?? null,
    assignee: reboundOrCamunda(task, prefixes, 'assignee') ?? null,
    candidateRoles: splitList(extensionAttribute(task, prefixes, REBOUND_NS, 'candidateRoles')),
    candidateGroups: splitList(reboundOrCamunda(task, prefixes, 'candidateGroups')),
    priority: Number.isInteger(priority) ? priority : 50,
    dueIn,
    formKey: reboundOrCamunda(task, prefixes, 'formKey') ?? null,
    formId: null,
  };
}

function addMessageWait(model: ProcessModel, activityId: string, message: ModdleElement | undefined, element: ModdleElement, problems: string[]): void {
  if (!message?.id) {
    problems.push(`message event at ${where(element)} references no <message>`);
    return;
  }
  model.messageWaits[activityId] = { messageRef: message.id, messageName: message.name ?? message.id };
}

function readStartEvent(model: ProcessModel, start: ModdleElement, problems: string[]): void {
  const definitions = eventDefinitionsOf(start);
  if (definitions.length === 0 && start.$parent?.$type === 'bpmn:Process') model.hasNoneStart = true;
  for (const definition of definitions) {
    if (definition.$type === 'bpmn:MessageEventDefinition') {
      const message = definition.messageRef as ModdleElement | undefined;
      if (!message?.id) problems.push(`message start event at ${where(start)} references no <message>`);
      else model.messageStarts.push({ activityId: start.id!, messageRef: message.id, messageName: message.name ?? message.id });
    }
    if (definition.$type === 'bpmn:TimerEventDefinition') {
      const timer = readTimer(definition, start, problems);
      if (timer) model.timerStarts.push({ activityId: start.id!, ...timer });
    }
  }
}

function readTimer(definition: ModdleElement, event: ModdleElement, problems: string[]): Omit<TimerStart, 'activityId'> | undefined {
  for (const timerType of ['timeDuration', 'timeDate', 'timeCycle'] as const) {
    const expression = definition[timerType] as ModdleElement | undefined;
    if (!expression) continue;
    const value = ((expression.body as string | undefined) ?? '').trim();
    if (isExpression(value)) return undefined; // resolved per instance; checked when the timer starts
    const ok = timerType === 'timeDate' ? validDate(value) : validDuration(value) || validCycle(value);
    if (!ok) problems.push(`invalid ${timerType} "${value}" at ${where(event)} (expected ISO 8601 ${timerType === 'timeDate' ? 'date' : timerType === 'timeCycle' ? 'repeating interval like R3/PT10M' : 'duration like PT4H'})`);
    if (timerType === 'timeCycle' && !canRepeat(event)) problems.push(`timeCycle at ${where(event)} cannot repeat there (cycles repeat on timer start events and non-interrupting boundary events; use timeDuration or timeDate)`);
    return { timerType, value };
  }
  problems.push(`timer at ${where(event)} has no timeDuration, timeDate or timeCycle`);
  return undefined;
}

/**
 * A catch event or an interrupting boundary event is left when its timer first fires, so a
 * cycle there would run once and drop its other repetitions without a word: refused instead.
 */
function canRepeat(event: ModdleElement): boolean {
  if (event.$type === 'bpmn:StartEvent') return true;
  return event.$type === 'bpmn:BoundaryEvent' && event.cancelActivity === false;
}

function readEscalation(model: ProcessModel, boundary: ModdleElement, prefixes: NamespacePrefixes, problems: string[]): void {
  const toRole = extensionAttribute(boundary, prefixes, REBOUND_NS, 'escalateTo') ?? null;
  const notifyRole = extensionAttribute(boundary, prefixes, REBOUND_NS, 'notify') ?? null;
  if (!toRole && !notifyRole) return;
  const attached = boundary.attachedToRef as ModdleElement | undefined;
  if (attached?.$type !== 'bpmn:UserTask') {
    problems.push(`escalation at ${where(boundary)} must be attached to a user task`);
    return;
  }
  model.escalations[boundary.id!] = { attachedTo: attached.id!, toRole, notifyRole };
}

function validDuration(value: string): boolean {
  return /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/.test(value);
}

function validDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value)) return false;
  try {
    return !Number.isNaN(getDate(value).getTime());
  } catch {
    return false;
  }
}

function validCycle(value: string): boolean {
  if (!value.startsWith('R')) return false;
  try {
    new ISOInterval(value).parse();
    return true;
  } catch {
    return false;
  }
}

function isExpression(value: string): boolean {
  return /^\$\{|^=/.test(value);
}
