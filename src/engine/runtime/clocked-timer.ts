import * as Elements from 'bpmn-elements';
import { ISOInterval, getDate } from '@0dep/piso';
import type { Clock } from '../../platform/clock/clock.ts';

/**
 * bpmn-elements' timer reads `new Date()` for "now". Rebound's time comes from one
 * injectable clock (tests move a ManualClock), so this subclass computes expiry and the
 * remaining delay from the clock handed to the engine as the `reboundClock` service.
 * When a recovered instance resumes at or after a timer's expiry, the remaining delay is
 * ≤ 0 and bpmn-elements completes the timer at once: firing a durable timer is simply
 * "resume the instance at a time past its due time".
 */
export const CLOCK_SERVICE = 'reboundClock';

type TimerContent = Record<string, unknown> & { expireAt?: Date | string; inbound?: { repeat?: number }[]; timeout?: number };
type TimerResult = { expireAt?: Date; timerType?: string; repeat?: number; timeout?: number } & Record<string, unknown>;

const TIMER_TYPES = ['timeDuration', 'timeDate', 'timeCycle'] as const;
const Base = Elements.TimerEventDefinition as unknown as new (activity: unknown, definition: unknown) => Record<string, unknown>;

function clockOf(environment: { getServiceByName(name: string): unknown }): Clock {
  const clock = environment.getServiceByName(CLOCK_SERVICE) as Clock | undefined;
  return clock ?? { now: () => new Date() };
}

export class ClockedTimerEventDefinition extends Base {
  declare environment: { getServiceByName(name: string): unknown; resolveExpression(expression: unknown, message: unknown): string };

  parse(timerType: string, value: string): { expireAt?: Date; repeat?: number; delay?: number } {
    const now = clockOf(this.environment).now();
    if (timerType === 'timeDate') {
      const expireAt = getDate(value);
      return { expireAt, delay: expireAt.getTime() - now.getTime() };
    }
    const parsed = new ISOInterval(value).parse();
    const expireAt = parsed.getExpireAt(now, now);
    return { expireAt, repeat: parsed.repeat, delay: expireAt.getTime() - now.getTime() };
  }

  /** bpmn-elements' _getTimers with the injected clock (same rules: earliest expiry wins). */
  _getTimers(executeMessage: { content: TimerContent }): TimerResult {
    const content = executeMessage.content;
    const result: TimerResult = 'expireAt' in content && content.expireAt ? { expireAt: new Date(content.expireAt) } : {};
    const now = clockOf(this.environment).now();
    for (const timerType of TIMER_TYPES) {
      let timerText: string | undefined;
      if (timerType in content) timerText = content[timerType] as string;
      else if (timerType in this) timerText = this.environment.resolveExpression(this[timerType], executeMessage);
      else continue;
      result[timerType] = timerText;
      let expireAt = now;
      let repeat: number | undefined;
      if (timerText) {
        const parsed = this.parse(timerType, timerText);
        if (!parsed.expireAt || Number.isNaN(parsed.expireAt.getTime())) throw new TypeError(`Parsed ${timerType} "${timerText}" expireAt failed to resolve to a date`);
        expireAt = parsed.expireAt;
        repeat = parsed.repeat;
      }
      if (!result.expireAt || result.expireAt > expireAt) {
        result.timerType = timerType;
        result.expireAt = expireAt;
        result.repeat = repeat;
      }
    }
    if (result.expireAt) result.timeout = result.expireAt.getTime() - now.getTime();
    else if ('timeout' in content) result.timeout = content.timeout;
    else if (!Object.keys(result).length) result.timeout = 0;
    const inbound = content.inbound?.[0];
    if (inbound && 'repeat' in inbound) result.repeat = inbound.repeat;
    return result;
  }
}
