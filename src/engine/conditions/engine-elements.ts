import * as Elements from 'bpmn-elements';

/**
 * How a step's engine decides conditions: the `reboundConditions` service, built by the step
 * over the instance's variables and stored conditions (run-step.ts).
 */
export const CONDITIONS_SERVICE = 'reboundConditions';

export interface ConditionsService {
  /**
   * True or false for the condition of a flow or conditional event; undefined when it cannot
   * be decided — the service has then recorded the problem against `waitingAt` (an incident).
   */
  decide(elementId: string, kind: 'flow' | 'event', body: string | undefined, language: string | undefined, waitingAt: string): boolean | undefined;
  /** The activity decided after all: its open problem, if any, is gone. */
  settled(activityId: string): void;
}

interface Message { content: Record<string, unknown> & { executionId: string }; properties: Record<string, unknown> }
interface Broker {
  publish(exchange: string, routingKey: string, content: unknown, options?: unknown): void;
  subscribeTmp(exchange: string, pattern: string, handler: (routingKey: string, message: Message) => void, options: unknown): void;
  cancel(consumerTag: string): void;
}
interface Flow { id: string; isDefault?: boolean; behaviour?: { conditionExpression?: { body?: string; language?: string } } }
interface ActivityLike {
  id: string;
  type: string;
  broker: Broker;
  outbound: Flow[];
  environment: { getServiceByName(name: string): unknown };
}

const serviceOf = (activity: ActivityLike) => activity.environment.getServiceByName(CONDITIONS_SERVICE) as ConditionsService | undefined;

/**
 * An exclusive or inclusive gateway that decides its outgoing conditions before it lets the
 * token through. bpmn-elements would treat a condition it cannot decide as false (taking the
 * default flow) or fail the whole instance; this one waits instead, with an incident, until
 * an operator sets the variable and retries (a signal to the gateway re-decides).
 */
function CheckedGatewayBehaviour(this: GatewayBehaviour, activity: ActivityLike) {
  this.activity = activity;
  this.broker = activity.broker;
  this.id = activity.id;
  this.type = activity.type;
}

interface GatewayBehaviour {
  activity: ActivityLike;
  broker: Broker;
  id: string;
  type: string;
  decidable(): boolean;
  complete(content: Message['content']): void;
  execute(message: Message): void;
}

CheckedGatewayBehaviour.prototype.decidable = function decidable(this: GatewayBehaviour): boolean {
  const service = serviceOf(this.activity);
  if (!service) return true;
  const takeOne = this.type === 'bpmn:ExclusiveGateway';
  // The order bpmn-elements evaluates in: the flows as written, the default one last (never evaluated).
  for (const flow of this.activity.outbound.filter((f) => !f.isDefault)) {
    const expression = flow.behaviour?.conditionExpression;
    if (!expression) {
      if (takeOne) break;
      continue;
    }
    const value = service.decide(flow.id, 'flow', expression.body, expression.language, this.id);
    if (value === undefined) return false;
    if (value && takeOne) break;
  }
  service.settled(this.id);
  return true;
};

CheckedGatewayBehaviour.prototype.complete = function complete(this: GatewayBehaviour, content: Message['content']) {
  this.broker.publish('execution', 'execute.completed', { ...content, ...(this.type === 'bpmn:ExclusiveGateway' && { outboundTakeOne: true }) });
};

CheckedGatewayBehaviour.prototype.execute = function execute(this: GatewayBehaviour, executeMessage: Message) {
  const content = executeMessage.content;
  if (this.decidable()) return this.complete(content);
  const executionId = content.executionId;
  const stop = () => {
    this.broker.cancel(`_api-${executionId}`);
    this.broker.cancel(`_api-delegated-${executionId}`);
  };
  const onApi = (_routingKey: string, message: Message) => {
    const type = message.properties.type;
    if (type === 'signal') {
      if (!this.decidable()) return;
      stop();
      return this.complete(content);
    }
    if (type === 'stop' || type === 'discard') {
      stop();
      if (type === 'discard') this.broker.publish('execution', 'execute.discard', { ...content });
    }
  };
  this.broker.subscribeTmp('api', `activity.#.${executionId}`, onApi, { noAck: true, consumerTag: `_api-${executionId}` });
  this.broker.subscribeTmp('api', '#.signal.*', (routingKey, message) => {
    const target = (message.content as { message?: { id?: string } }).message;
    if (message.properties.delegate && target?.id === this.id) onApi(routingKey, message);
  }, { noAck: true, consumerTag: `_api-delegated-${executionId}` });
  this.broker.publish('event', 'activity.wait', { ...content, state: 'wait' });
};

const Activity = Elements.Activity as unknown as new (behaviour: unknown, definition: unknown, context: unknown) => unknown;

export function CheckedExclusiveGateway(definition: unknown, context: unknown) {
  return new Activity(CheckedGatewayBehaviour, definition, context);
}

export function CheckedInclusiveGateway(definition: unknown, context: unknown) {
  return new Activity(CheckedGatewayBehaviour, definition, context);
}

const BaseConditional = Elements.ConditionalEventDefinition as unknown as new (activity: unknown, definition: unknown, context: unknown, index: number) => Record<string, unknown>;

/**
 * A conditional catch or boundary event whose condition is the stored FEEL (JUEL
 * translated at deploy). bpmn-elements evaluates it when the event starts waiting and on
 * every signal; the step signals waiting conditional events after variables change. A
 * condition it cannot decide keeps the event waiting, with an incident.
 */
export class FeelConditionalEventDefinition extends BaseConditional {
  declare activity: ActivityLike;
  declare behaviour: { condition?: { body?: string; language?: string }; expression?: string };

  getCondition(): { type: string; execute(message: unknown, callback: (err: Error | null, result?: boolean) => void): void } {
    const body = this.behaviour?.condition?.body ?? this.behaviour?.expression;
    const language = this.behaviour?.condition?.language;
    return {
      type: 'feel',
      execute: (_message, callback) => {
        const service = serviceOf(this.activity);
        const value = service ? service.decide(this.activity.id, 'event', body, language, this.activity.id) : undefined;
        if (value !== undefined) service!.settled(this.activity.id);
        callback(null, value === true);
      },
    };
  }
}
