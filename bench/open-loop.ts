import { Agent, request } from 'node:http';
import { createHistogram, performance } from 'node:perf_hooks';

/** One request of a load: request i of the run is `requestAt(i)`. */
export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

export interface LoadResult {
  /** Measured requests (the warm-up left out). */
  requests: number;
  failed: number;
  /** The first failure's status and body, to say why. */
  firstFailure: string | null;
  /** Requests per second sent over the measured seconds. */
  offeredRate: number;
  /** Requests per second answered, from the first measured request sent to the last measured answer. */
  answeredRate: number;
  p50: number;
  p99: number;
  max: number;
  /** How late the generator sent, p99 (ms): large values mean the load generator itself was starved. */
  sendLagP99: number;
}

/**
 * Open-loop load (the stop-sale GETs, the carrier webhooks' POSTs): request i leaves at start + i / rate whether or not earlier ones were answered
 * (on up to 256 kept-alive connections), and its latency runs from the moment it was sent
 * to the end of its response. The first `warmUpSeconds` are sent but not recorded. A server
 * that cannot keep up shows it as latency growing through the run and an answered rate
 * below the offered one — the two figures a "sustained" rate needs.
 */
export function openLoop(baseUrl: string, requestAt: (i: number) => LoadRequest, options: { rate: number; seconds: number; warmUpSeconds: number }): Promise<LoadResult> {
  const target = new URL(baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const latency = createHistogram();
  const lag = createHistogram();
  const interval = 1000 / options.rate;
  const warmUp = Math.round(options.rate * options.warmUpSeconds);
  const total = warmUp + Math.round(options.rate * options.seconds);
  let failed = 0;
  let firstFailure: string | null = null;
  let pending = 0;
  let next = 0;
  let measuredFrom = 0;
  let lastSent = 0;
  let lastAnswered = 0;
  return new Promise((done) => {
    const finish = () => {
      agent.destroy();
      const ms = (ns: number) => Math.round(ns / 10_000) / 100;
      const measured = total - warmUp;
      done({
        requests: measured, failed, firstFailure,
        offeredRate: Math.round(measured / ((lastSent - measuredFrom) / 1000)),
        answeredRate: Math.round(measured / ((lastAnswered - measuredFrom) / 1000)),
        p50: ms(latency.percentile(50)), p99: ms(latency.percentile(99)), max: ms(latency.max), sendLagP99: ms(lag.percentile(99)),
      });
    };
    const send = (i: number, due: number) => {
      const { method, path, headers = {}, body } = requestAt(i);
      const sentAt = performance.now();
      const measured = i >= warmUp;
      if (measured) {
        lag.record(Math.max(1, Math.round((sentAt - due) * 1e6)));
        if (i === warmUp) measuredFrom = sentAt;
        lastSent = sentAt;
      }
      pending++;
      const settle = (status: number, text: string) => {
        const answeredAt = performance.now();
        if (measured) {
          latency.record(Math.max(1, Math.round((answeredAt - sentAt) * 1e6)));
          lastAnswered = Math.max(lastAnswered, answeredAt);
          if (status !== 200) {
            failed++;
            firstFailure ??= `${status} ${text.slice(0, 300)}`;
          }
        }
        if (--pending === 0 && next >= total) finish();
      };
      const outgoing = request({ agent, method, host: target.hostname, port: target.port, path, headers: body ? { ...headers, 'content-length': String(body.length) } : headers }, (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (response.statusCode !== 200) text += chunk;
        });
        response.on('end', () => settle(response.statusCode ?? 0, text));
      }).on('error', (error) => settle(0, error.message));
      outgoing.end(body);
    };
    const start = performance.now();
    const tick = () => {
      const now = performance.now();
      for (; next < total && start + next * interval <= now; next++) send(next, start + next * interval);
      if (next < total) setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
    };
    tick();
  });
}
