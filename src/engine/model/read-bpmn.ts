import BpmnModdle, { type ModdleContext, type ModdleElement } from 'bpmn-moddle';
import { ISOInterval, getDate } from '@0dep/piso';
import { readConditions } from '../conditions/read-conditions.ts';
import { feelSyntaxError } from '../feel/feel-expression.ts';
import { extensionAttribute, namespacePrefixes, REBOUND_NS, reboundOrCamunda, splitList, type NamespacePrefixes } from './extension-attributes.ts';
import type { ProcessModel, TimerStart } from './process-model.ts';
import { INERT_BPMN_TYPES, isIgnoredNamespace, REFUSAL_HINTS, SUPPORTED_BPMN_TYPES } from './supported-elements.ts';

export interface ReadBpmnResult {
  moddle: ModdleContext;
  model: ProcessModel;
  /**
   * What cannot run, per element: everything in a model that is not executable (stored for
   * viewing all the same), or what is in the documentation-only pools next to the one
   * executable process. Empty for a model that runs whole.
   */
  cannotRun: string[];
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
 * service task must name an action. A model with an executable process is refused with all
 * the problems of that process at once. A model without one (a drawing, a documentation
 * model from another tool) is read for viewing: its problems are what cannot run, not
 * reasons to refuse it. Only a file that is no BPMN at all is refused outright.
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
  const documentProblems = unparsed.map(describeUnreadable);

  const processes = ((definitions.rootElements as ModdleElement[] | undefined) ?? []).filter((e) => e.$type === 'bpmn:Process');
  const isProcess = (element: ModdleElement) => element.$type === 'bpmn:Process';
  documentProblems.push(...unsupportedElements(definitions, isProcess));
  const executable = processes.filter((p) => p.isExecutable === true);
  if (processes.length === 0) throw new ModelRefusedError([...documentProblems, 'no <process> in the document']);
  if (executable.length > 1) documentProblems.push(severalExecutablePools(definitions, executable));
  const chosen = executable[0] ?? processes.find((p) => ((p.flowElements as unknown[] | undefined) ?? []).length > 0) ?? processes[0]!;

  const prefixes = namespacePrefixes(definitions);
  const chosenProblems = unsupportedElements(chosen);
  const model = describeProcess(chosen, executable.length === 1, prefixes, chosenProblems);
  model.conditions = readConditions(chosen, xml, prefixes, chosenProblems);
  const otherProblems = processes.filter((p) => p !== chosen).flatMap((process) => {
    const problems = unsupportedElements(process);
    describeProcess(process, false, prefixes, problems);
    readConditions(process, xml, prefixes, problems);
    return problems;
  });
  if (executable.length > 0) {
    // With several executable pools, what stops each of them is named too, not only the first's.
    const refusals = [...documentProblems, ...chosenProblems, ...(executable.length > 1 ? otherProblems : [])];
    if (refusals.length) throw new ModelRefusedError(refusals);
    return { moddle: parsed, model, cannotRun: otherProblems };
  }
  return { moddle: parsed, model, cannotRun: [...documentProblems, ...chosenProblems, ...otherProblems] };
}

/** moddle says where it stopped reading (0-based line); the person fixing the file needs that line. */
function describeUnreadable(warning: { message: string }): string {
  const [first = '', ...rest] = warning.message.split('\n');
  const line = /line: (\d+)/.exec(rest.join('\n'))?.[1];
  return `unreadable content${line === undefined ? '' : ` at line ${Number(line) + 1}`}: ${first}`;
}

/**
 * The engine runs one executable process per deployment (bpmn-engine would start every
 * executable process of the file at once), so a collaboration with several executable pools
 * is refused naming each of them, never deployed as its first pool alone.
 */
function severalExecutablePools(definitions: ModdleElement, executable: ModdleElement[]): string {
  const participants = ((definitions.rootElements as ModdleElement[] | undefined) ?? [])
    .filter((e) => e.$type === 'bpmn:Collaboration')
    .flatMap((c) => (c.participants as ModdleElement[] | undefined) ?? []);
  const pools = executable.map((process) => {
    const pool = participants.find((p) => (p.processRef as ModdleElement | undefined) === process);
    return pool ? `pool ${where(pool)} runs process ${where(process)}` : `process ${where(process)}`;
  });
  return `${executable.length} executable processes in one file: ${pools.join('; ')}. Rebound runs one executable process per deployment: set isExecutable="false" on the pools that only document, or deploy each process from a file of its own`;
}

function where(element: ModdleElement | undefined): string {
  let at = element;
  while (at && !at.id) at = at.$parent;
  if (!at) return 'the document';
  return at.name ? `${at.id} ("${at.name}")` : at.id!;
}

/** Walks the containment tree (not references) and names every unsupported element; `skip` leaves out a subtree. */
function unsupportedElements(root: ModdleElement, skip: (element: ModdleElement) => boolean = () => false): string[] {
  const problems: string[] = [];
  const seen = new Set<unknown>();
  const visit = (element: ModdleElement) => {
    if (seen.has(element)) return;
    seen.add(element);
    if (element !== root && skip(element)) return;
    const type = element.$type;
    if (isIgnoredNamespace(type) || INERT_BPMN_TYPES.has(type)) return;
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
