import type { Static, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';

/** What an action handler gets besides its input. */
export interface ActionCall {
  /** `instance:activity:entry` — the same on every retry of this call; dedupe side effects on it. */
  idempotencyKey: string;
  instanceId: number;
  activityId: string;
  businessKey: string | null;
  /** 1 on the first try, 2 on the first retry… */
  attempt: number;
  db: Db;
  clock: Clock;
}

export interface ActionDefinition<I extends TSchema = TSchema, O extends TSchema = TSchema> {
  name: string;
  description?: string;
  input: I;
  output?: O;
  handler(input: Static<I>, call: ActionCall): Promise<Static<O> | void>;
}

/** An action failure that retrying cannot fix (bad input): raises an incident at once. */
export class PermanentActionError extends Error {}

const catalogue = new Map<string, ActionDefinition>();

/**
 * Domain modules register the named actions their processes' service tasks call
 * (`rebound:action="…"`), with TypeBox schemas for input and output: the input is checked
 * before the handler runs and the output before it reaches the process variables.
 */
export function registerAction<I extends TSchema, O extends TSchema>(action: ActionDefinition<I, O>): void {
  catalogue.set(action.name, action as unknown as ActionDefinition);
}

export function findAction(name: string): ActionDefinition | undefined {
  return catalogue.get(name);
}

export function listActions(): { name: string; description: string | null; input: TSchema; output: TSchema | null }[] {
  return [...catalogue.values()].map((a) => ({ name: a.name, description: a.description ?? null, input: a.input, output: a.output ?? null }));
}

export function checkAgainst(schema: TSchema, value: unknown, what: string): void {
  if (Value.Check(schema, value)) return;
  const first = [...Value.Errors(schema, value)].slice(0, 3).map((e) => `${e.path || '/'} ${e.message}`);
  throw new PermanentActionError(`${what} does not match the schema: ${first.join('; ')}`);
}
