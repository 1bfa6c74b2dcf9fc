/**
 * Log lines for a person at a terminal. Fastify's logger (pino) writes one JSON object a
 * line; that is right for a log store, but a terminal filled with JSON hides the start-up
 * banner and the one warning that matters. In a terminal each line becomes
 * `15:04:05 WARN  message  key=value`, a request is one line (`GET /api/x → 200 12 ms`):
 * the "incoming request" line that Fastify writes before every request is held back, and
 * its method and address go into the "request completed" line (which does not carry them).
 * `LOG_FORMAT=json` (or output that is not a terminal) keeps JSON.
 */
import type { Config } from '../config/config.ts';

const LEVEL_NAMES: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
/** Fields every line has, or that the request line already says. */
const OMITTED_FIELDS = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reqId', 'req', 'res', 'responseTime']);

export interface LogDestination {
  write(line: string): void;
}

/** Whether logs go to this terminal as readable lines (`LOG_FORMAT=auto` asks the output). */
export function wantsTerminalLog(config: Pick<Config, 'LOG_FORMAT'>, output: { isTTY?: boolean } = process.stdout): boolean {
  return config.LOG_FORMAT === 'pretty' || (config.LOG_FORMAT === 'auto' && output.isTTY === true);
}

/** A pino destination that turns each JSON line into a readable one. */
export function terminalLogDestination(output: { write(text: string): unknown } = process.stdout, colours = true): LogDestination {
  const inFlight = new Map<string, RequestLine>();
  return {
    write(line: string) {
      const formatted = formatLogLine(line, colours, inFlight);
      if (formatted !== null) output.write(formatted + '\n');
    },
  };
}

type RequestLine = { method?: string; url?: string };

/**
 * One pino JSON line as text; null for a line not worth a person's attention. `inFlight`
 * keeps each request's method and address between its two lines, by request id.
 */
export function formatLogLine(line: string, colours = false, inFlight = new Map<string, RequestLine>()): string | null {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.trimEnd();
  }
  const reqId = typeof entry.reqId === 'string' ? entry.reqId : undefined;
  if (entry.msg === 'incoming request') {
    if (reqId) inFlight.set(reqId, entry.req as RequestLine);
    return null;
  }
  const level = typeof entry.level === 'number' ? entry.level : 30;
  const time = typeof entry.time === 'number' ? new Date(entry.time).toTimeString().slice(0, 8) : '';
  const levelName = (LEVEL_NAMES[level] ?? String(level)).padEnd(5);
  const paint = colours ? colourFor(level) : (text: string) => text;

  let message = typeof entry.msg === 'string' ? entry.msg : '';
  const res = entry.res as { statusCode?: number } | undefined;
  const req = (entry.req as RequestLine | undefined) ?? (reqId ? inFlight.get(reqId) : undefined);
  if (reqId && entry.msg === 'request completed') inFlight.delete(reqId);
  if (entry.msg === 'request completed' && res) {
    const ms = typeof entry.responseTime === 'number' ? ` ${entry.responseTime.toFixed(0)} ms` : '';
    message = `${req?.method ?? ''} ${req?.url ?? ''} → ${res.statusCode ?? '?'}${ms}`.trim();
  } else if (req?.method) {
    message = `${message} (${req.method} ${req.url ?? ''})`;
  }
  const fields = Object.entries(entry)
    .filter(([key]) => !OMITTED_FIELDS.has(key))
    .map(([key, value]) => (key === 'err' ? describeError(value) : `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`));
  return [time, paint(levelName), message, ...fields].filter(Boolean).join('  ');
}

function describeError(value: unknown): string {
  const error = value as { type?: string; message?: string; stack?: string };
  return error?.stack ? `\n${error.stack}` : `${error?.type ?? 'Error'}: ${error?.message ?? JSON.stringify(value)}`;
}

function colourFor(level: number): (text: string) => string {
  const code = level >= 50 ? 31 : level >= 40 ? 33 : level >= 30 ? 32 : 90;
  return (text) => `\u001b[${code}m${text}\u001b[0m`;
}
