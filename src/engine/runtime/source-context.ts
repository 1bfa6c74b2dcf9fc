import * as Elements from 'bpmn-elements';
import BpmnModdle from 'bpmn-moddle';
import serializer, { TypeResolver } from 'moddle-context-serializer';
import { CheckedExclusiveGateway, CheckedInclusiveGateway, FeelConditionalEventDefinition } from '../conditions/engine-elements.ts';
import { ClockedTimerEventDefinition } from './clocked-timer.ts';

/**
 * How Rebound runs the BPMN types: user, service, send and business-rule tasks all wait
 * (bpmn-elements' SignalTask). The work behind them happens outside the engine — a task
 * row people complete, an action call a worker runs with retries, a decision evaluated
 * from the database — and the step that finishes it signals the waiting activity. Nothing
 * runs inside bpmn-engine that could not be replayed from the stored state.
 */
export const ELEMENT_OVERRIDES = {
  ServiceTask: Elements.SignalTask,
  SendTask: Elements.SignalTask,
  BusinessRuleTask: Elements.SignalTask,
  TimerEventDefinition: ClockedTimerEventDefinition,
  // Conditions that cannot be decided wait with an incident instead of routing by default (decision 023).
  ExclusiveGateway: CheckedExclusiveGateway,
  InclusiveGateway: CheckedInclusiveGateway,
  ConditionalEventDefinition: FeelConditionalEventDefinition,
} as Record<string, unknown>;

const typeResolver = TypeResolver({ ...Elements, ...ELEMENT_OVERRIDES } as never);
const moddle = new BpmnModdle();

export type SourceContext = ReturnType<typeof serializer>;

/**
 * The serialized model an engine runs, built once per definition version and process:
 * state is stored without its embedded copy of the model (≈ half the size) and recovered
 * with this context.
 */
const cache = new Map<number, Promise<SourceContext>>();
const CACHE_LIMIT = 500;

export function sourceContextFor(definitionId: number, xml: string): Promise<SourceContext> {
  let context = cache.get(definitionId);
  if (!context) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    context = moddle.fromXML(xml.trim()).then((parsed) => serializer(parsed as never, typeResolver));
    context.catch(() => cache.delete(definitionId));
    cache.set(definitionId, context);
  }
  return context;
}
