import { describe, expect, it } from 'vitest';
import { formatLogLine, terminalLogDestination, wantsTerminalLog } from './terminal-log.ts';

describe('logs in a terminal', () => {
  it('turns a completed request into one readable line and drops the incoming one', () => {
    const time = Date.UTC(2026, 11, 4, 12, 0, 0);
    expect(formatLogLine(JSON.stringify({ level: 30, time, pid: 1, hostname: 'h', reqId: 'req-1', req: { method: 'GET', url: '/api/cases' }, msg: 'incoming request' }))).toBeNull();
    const line = formatLogLine(
      JSON.stringify({ level: 30, time, pid: 1, hostname: 'h', reqId: 'req-1', res: { statusCode: 200 }, req: { method: 'GET', url: '/api/cases' }, responseTime: 12.4, msg: 'request completed' }),
    );
    expect(line).toMatch(/^\d\d:\d\d:\d\d {2}INFO {3}GET \/api\/cases → 200 12 ms$/);
    expect(line).not.toContain('{');
  });

  it('keeps the level, the message and the extra fields, and shows an error with its stack', () => {
    const warning = formatLogLine(JSON.stringify({ level: 40, time: 0, msg: 'outbox retry', messageId: 'm-7', attempt: 2 }));
    expect(warning).toContain('WARN');
    expect(warning).toContain('outbox retry  messageId=m-7  attempt=2');
    const failure = formatLogLine(JSON.stringify({ level: 50, time: 0, msg: 'handler failed', err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at x' } }));
    expect(failure).toContain('ERROR');
    expect(failure).toContain('Error: boom\n    at x');
  });

  it('passes a line that is not JSON through unchanged', () => {
    expect(formatLogLine('plain text\n')).toBe('plain text');
  });

  it('is chosen for a terminal or LOG_FORMAT=pretty, never for LOG_FORMAT=json or piped output', () => {
    expect(wantsTerminalLog({ LOG_FORMAT: 'auto' }, { isTTY: true })).toBe(true);
    expect(wantsTerminalLog({ LOG_FORMAT: 'auto' }, { isTTY: false })).toBe(false);
    expect(wantsTerminalLog({ LOG_FORMAT: 'json' }, { isTTY: true })).toBe(false);
    expect(wantsTerminalLog({ LOG_FORMAT: 'pretty' }, {})).toBe(true);
  });

  it('names the request in its completed line, which Fastify writes without method and address', () => {
    const written: string[] = [];
    const destination = terminalLogDestination({ write: (text: string) => written.push(text) }, false);
    destination.write(JSON.stringify({ level: 30, time: 0, reqId: 'req-9', req: { method: 'POST', url: '/api/cases' }, msg: 'incoming request' }));
    destination.write(JSON.stringify({ level: 30, time: 0, reqId: 'req-9', res: { statusCode: 201 }, responseTime: 3, msg: 'request completed' }));
    expect(written).toHaveLength(1);
    expect(written[0]).toContain('POST /api/cases → 201 3 ms');
  });

  it('writes to its output through the destination pino is given', () => {
    const written: string[] = [];
    const destination = terminalLogDestination({ write: (text: string) => written.push(text) }, false);
    destination.write(JSON.stringify({ level: 30, time: 0, msg: 'listening' }) + '\n');
    destination.write(JSON.stringify({ level: 30, time: 0, msg: 'incoming request', req: { method: 'GET', url: '/' } }) + '\n');
    expect(written).toHaveLength(1);
    expect(written[0]).toMatch(/INFO {3}listening\n$/);
  });
});
