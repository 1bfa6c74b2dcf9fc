import { EventEmitter } from 'node:events';
import * as Elements from 'bpmn-elements';
import { Engine } from 'bpmn-engine';
import type { Clock } from '../../platform/clock/clock.ts';
import { conditionProblem, decideCondition, storedConditionOf, type StoredCondition } from '../conditions/condition.ts';
import { CONDITIONS_SERVICE, type ConditionsService } from '../conditions/engine-elements.ts';
import type { ProcessModel } from '../model/process-model.ts';
import { CLOCK_SERVICE } from './clocked-timer.ts';
import type { LiveTimer, ObservedEvent, Wait } from './engine-events.ts';
import { ELEMENT_OVERRIDES, type SourceContext } from './source-context.ts';

export type Variables = Record<string, unknown>;

/** What a step does to the instance after recovering it. */
export type StepCommand =
  | { kind: 'start'; messageRef?: string; timerStartActivityId?: string }
  | { kind: 'resume' }
  | { kind: 'signal'; activityId: string; output: Variables }
  | { kind: 'message'; messageRef: string; output: Variables };

export interface StepInput {
  instanceId: number;
  model: ProcessModel;
  source: SourceContext;
  state: unknown;
  variables: Variables;
  clock: Clock;
  command: StepCommand;
  /** Evaluates a business-rule task's decision; async because decisions live in the database. */
  decide(activityId: string, variables: Variables): Promise<{ ok: true; output: Variables } | { ok: false; error: string }>;
}

export interface StepResult {
  state: unknown;
  variables: Variables;
  changedVariables: Variables;
  completed: boolean;
  error: string | null;
  waits: Wait[];
  timers: LiveTimer[];
  events: ObservedEvent[];
  /** Boundary events with an escalation that fired in this step. */
  escalations: { boundaryId: string; executionId: string }[];
  decisionFailures: { activityId: string; error: string }[];
  /** Gateways and conditional events waiting on a condition they cannot decide (decision 023). */
  conditionFailures: { activityId: string; error: string }[];
  /** A condition or a decision read the variables in this step. */
  variablesRead: boolean;
  /** A decision read them (the bulk start never clones such a step). */
  decisionsRead: boolean;
  /** Every condition decided in this step and its outcome: the bulk start clones the step for another item whose variables decide each the same way. */
  conditionsDecided: { condition: StoredCondition; value: boolean }[];
}

const WAIT_TYPES = new Set(['bpmn:MessageEventDefinition', 'bpmn:ConditionalEventDefinition', 'bpmn:UserTask', 'bpmn:ServiceTask', 'bpmn:SendTask', 'bpmn:BusinessRuleTask', 'bpmn:ReceiveTask', 'bpmn:IntermediateCatchEvent', 'bpmn:BoundaryEvent', 'bpmn:StartEvent', 'bpmn:ManualTask']);

interface ActivityApi {
  id: string;
  type: string;
  name?: string;
  executionId: string;
  content: { executionId?: string; output?: unknown; type?: string };
}

/**
 * One step of an instance: recover bpmn-engine from the stored state (or start it), apply
 * one command, let it run until every path waits or the process ends, and report what it
 * observed. Pure with respect to the database — the caller persists the result in the same
 * transaction that holds the instance row lock, so a step happens completely or not at all.
 * No engine outlives its step (a live instance costs ~450 KB of heap).
 */
export async function runStep(input: StepInput): Promise<StepResult> {
  const { model, clock } = input;
  const variables: Variables = { ...input.variables };
  const changedVariables: Variables = {};
  const events: ObservedEvent[] = [];
  const waits = new Map<string, Wait>();
  const escalations: StepResult['escalations'] = [];
  let completed = false;
  let error: string | null = null;

  const conditionProblems = new Map<string, string>();
  const listener = new EventEmitter();
  const nameOf = (id: string) => model.activities[id]?.name ?? null;
  listener.on('activity.enter', (api: ActivityApi) => {
    if (api.type === 'bpmn:SequenceFlow') return;
    events.push({ event: 'activity.entered', activityId: api.id, activityType: api.type, activityName: nameOf(api.id), at: clock.now() });
  });
  listener.on('activity.wait', (api: ActivityApi) => {
    if (WAIT_TYPES.has(api.type)) waits.set(api.id, { activityId: api.id, executionId: api.executionId ?? api.content.executionId!, type: api.type });
  });
  const ended = (api: ActivityApi) => {
    waits.delete(api.id);
    conditionProblems.delete(api.id); // a discarded conditional event or a gateway that went on waits for nothing
  };
  listener.on('activity.end', (api: ActivityApi) => {
    ended(api);
    events.push({ event: 'activity.left', activityId: api.id, activityType: api.type, activityName: nameOf(api.id), at: clock.now() });
    if (model.escalations[api.id]) escalations.push({ boundaryId: api.id, executionId: api.executionId });
  });
  listener.on('activity.leave', ended);
  listener.on('activity.discard', ended);

  // Conditions are stored FEEL (JUEL translated at deploy), decided over the process variables.
  // One that cannot be decided is never false: gateways and conditional events wait with an
  // incident (conditions/engine-elements.ts); elsewhere the flow fails the step loudly.
  let variablesRead = false;
  let decisionsRead = false;
  const conditionsDecided: StepResult['conditionsDecided'] = [];
  const conditions: ConditionsService = {
    decide(elementId, kind, body, language, waitingAt) {
      variablesRead = true;
      const condition = storedConditionOf(model.conditions, elementId, kind, body, language);
      if (!condition) return true;
      if ('error' in condition) {
        conditionProblems.set(waitingAt, conditionProblem(elementId, { kind, expression: body?.trim() ?? '' }, condition.error));
        return undefined;
      }
      const outcome = decideCondition(condition, variables);
      if (outcome.decided) {
        conditionsDecided.push({ condition, value: outcome.value });
        return outcome.value;
      }
      conditionProblems.set(waitingAt, conditionProblem(elementId, condition, outcome.problem));
      return undefined;
    },
    settled(activityId) {
      conditionProblems.delete(activityId);
    },
  };
  const scripts = {
    register() {},
    getScript(_language: string | undefined, element: { id: string; type?: string; behaviour?: { conditionExpression?: { body?: string; language?: string } } }) {
      const expression = element?.type === 'bpmn:SequenceFlow' ? element.behaviour?.conditionExpression : undefined;
      if (expression?.body === undefined) return undefined;
      return {
        execute(_scope: unknown, callback: (err: Error | null, result?: boolean) => void) {
          const value = conditions.decide(element.id, 'flow', expression.body, expression.language, element.id);
          if (value !== undefined) return callback(null, value);
          const problem = conditionProblems.get(element.id)!;
          conditionProblems.delete(element.id);
          callback(new Error(problem));
        },
      };
    },
  };
  // Timers never fire inside a step's engine: they are recorded and woken by a durable row.
  const timers = new Elements.Timers({ setTimeout: (() => 0) as never, clearTimeout: (() => undefined) as never });

  const engine = new Engine({
    name: `instance-${input.instanceId}`,
    sourceContext: input.source,
    elements: ELEMENT_OVERRIDES,
    listener,
    scripts,
    timers,
    services: { [CLOCK_SERVICE]: clock, [CONDITIONS_SERVICE]: conditions },
    settings: { enableDummyService: false },
  } as never);
  engine.on('end', () => {
    completed = true;
  });
  engine.on('error', (err: Error) => {
    error = err?.message ?? String(err);
  });

  let variableWrites = 0;
  const setVariables = (values: Variables) => {
    variableWrites++;
    for (const [key, value] of Object.entries(values)) {
      if (key === 'id' || key === 'executionId') continue;
      variables[key] = value;
      changedVariables[key] = value;
    }
    // bpmn-engine's own ${environment.variables.x} expressions (timer values) see them too.
    const execution = engine.execution as unknown as { definitions?: { getProcesses(): { environment: { variables: Variables } }[] }[] } | null;
    for (const definition of execution?.definitions ?? []) {
      for (const process of definition.getProcesses()) Object.assign(process.environment.variables, values);
    }
  };

  const command = input.command;
  if (command.kind === 'start') {
    await engine.execute({ variables: { ...variables } });
    const execution = engine.execution;
    if (command.messageRef) execution.signal({ id: command.messageRef });
    if (command.timerStartActivityId) execution.cancelActivity({ id: command.timerStartActivityId });
  } else {
    engine.recover(structuredClone(input.state));
    await engine.resume();
    const execution = engine.execution;
    if (command.kind === 'signal') {
      setVariables(command.output);
      execution.signal({ id: command.activityId, ...command.output });
    } else if (command.kind === 'message') {
      setVariables(command.output);
      execution.signal({ id: command.messageRef, ...command.output });
    }
  }

  // Business-rule tasks are decided right here, each in turn, until none waits; conditional
  // events waiting when variables changed are signalled to decide their condition again.
  const decisionFailures: StepResult['decisionFailures'] = [];
  const tried = new Set<string>();
  let signalledWith = -1;
  for (let round = 0; round < 100 && !completed && !error; round++) {
    const next = [...waits.values()].find((w) => w.type === 'bpmn:BusinessRuleTask' && !tried.has(w.executionId));
    if (next) {
      tried.add(next.executionId);
      variablesRead = true;
      decisionsRead = true;
      const decided = await input.decide(next.activityId, variables);
      if (!decided.ok) {
        decisionFailures.push({ activityId: next.activityId, error: decided.error });
        continue;
      }
      setVariables(decided.output);
      engine.execution.signal({ id: next.activityId, ...decided.output });
      continue;
    }
    const changes = Object.keys(changedVariables).length + variableWrites;
    if (changes === signalledWith || changes === 0) break;
    signalledWith = changes;
    const conditional = [...waits.values()].filter((w) => model.conditions?.[w.activityId]?.kind === 'event');
    for (const wait of conditional) engine.execution.signal({ id: wait.activityId });
  }
  const state = (await engine.getState()) as unknown as { definitions: { source?: unknown }[] };
  for (const definition of state.definitions) delete definition.source;
  const liveTimers: LiveTimer[] = (timers.executing as unknown as { owner: Record<string, unknown> | null }[])
    .filter((ref) => ref.owner && ref.owner.expireAt)
    .map((ref) => {
      const owner = ref.owner!;
      const timerType = String(owner.timerType ?? 'timeDuration');
      return {
        activityId: String(owner.id),
        executionId: String(owner.executionId),
        timerType,
        timerValue: typeof owner[timerType] === 'string' ? (owner[timerType] as string) : null,
        expireAt: new Date(owner.expireAt as string),
      };
    });
  if (completed) events.push({ event: 'instance.completed', at: clock.now() });
  if (error) events.push({ event: 'instance.failed', data: { error }, at: clock.now() });
  return {
    state,
    variables,
    changedVariables,
    completed: completed && !error,
    error,
    waits: completed ? [] : [...waits.values()],
    timers: completed ? [] : liveTimers,
    events,
    escalations,
    decisionFailures,
    conditionFailures: [...conditionProblems].map(([activityId, error]) => ({ activityId, error })),
    variablesRead,
    decisionsRead,
    conditionsDecided,
  };
}
