/** A signed-in HTTP client for the running bench server, timing the calls that are measured. */
export interface BenchClient {
  /** Calls the API and returns the parsed JSON body (null for 204); a non-2xx answer throws. */
  call<T = unknown>(path: string, init?: { method?: string; body?: unknown }): Promise<T>;
  /** The same, and pushes the call's wall time (request sent → body read) onto `latenciesMs`. */
  timed<T = unknown>(latenciesMs: number[], path: string, init?: { method?: string; body?: unknown }): Promise<T>;
}

export async function signIn(url: string, email: string, password: string): Promise<BenchClient> {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  if (!login.ok) throw new Error(`sign-in: ${login.status} ${await login.text()}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const call = async <T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> => {
    const headers: Record<string, string> = { cookie };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${url}${path}`, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
    const text = await response.text();
    if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
  return {
    call,
    async timed(latenciesMs, path, init) {
      const started = performance.now();
      const result = await call(path, init);
      latenciesMs.push(performance.now() - started);
      return result as never;
    },
  };
}

/** The q-quantile (0–1) of the samples, nearest rank. */
export function percentile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export const describeLatencies = (samples: readonly number[]) =>
  `${samples.length} calls, p50 ${percentile(samples, 0.5).toFixed(1)} ms, p95 ${percentile(samples, 0.95).toFixed(1)} ms, p99 ${percentile(samples, 0.99).toFixed(1)} ms, max ${Math.max(...samples).toFixed(1)} ms`;

/**
 * Runs async jobs with at most `size` in flight; urgent jobs (completing a task that already
 * waits) go before the others (registering new complaints), so the number of open
 * instances stays bounded and the run measures instances driven through, not a backlog.
 */
export class CallPool {
  private running = 0;
  private readonly urgent: (() => Promise<void>)[] = [];
  private readonly later: (() => Promise<void>)[] = [];
  readonly errors: unknown[] = [];

  constructor(private readonly size: number) {}

  push(job: () => Promise<void>, urgent = false): void {
    (urgent ? this.urgent : this.later).push(job);
    this.pump();
  }

  get idle(): boolean {
    return this.running === 0 && this.urgent.length === 0 && this.later.length === 0;
  }

  /** Resolves when nothing runs and nothing waits. */
  async drain(): Promise<void> {
    while (!this.idle) await new Promise((done) => setTimeout(done, 5));
  }

  private pump(): void {
    while (this.running < this.size) {
      const job = this.urgent.shift() ?? this.later.shift();
      if (!job) return;
      this.running++;
      job().catch((error: unknown) => this.errors.push(error)).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }
}
