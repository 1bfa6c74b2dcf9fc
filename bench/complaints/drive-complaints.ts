import { CallPool, type BenchClient } from './bench-client.ts';

/** The categories of the complaint API, cycled so the triage table takes each of its rules. */
const CATEGORIES = ['product_quality', 'delivery', 'service', 'billing', 'other'] as const;
/** The one department an investigated complaint goes to, by category (the first-response form's checklist values). */
const DEPARTMENT_FOR: Record<(typeof CATEGORIES)[number], string> = { product_quality: 'quality', delivery: 'logistics', billing: 'finance', service: 'stores', other: 'stores' };

export interface DriveOptions {
  count: number;
  /** HTTP calls in flight at most (registrations and task completions together). */
  concurrency: number;
  /** Complaints registered but not yet resolved at most; new ones wait for older ones to resolve. */
  window: number;
  pollMs: number;
  /** Demo customer ids the complaints are raised by (replies then go through the outbox). */
  customerIds: readonly number[];
  /** Numbers the complaints from here, so several runs on one database stay apart. */
  firstIndex: number;
}

export interface DriveResult {
  registerMs: number[];
  completeMs: number[];
  completeMsByActivity: Map<string, number[]>;
  elapsedMs: number;
  caseIds: number[];
  investigated: number;
  polls: number;
}

interface Planned {
  index: number;
  department: string | null;
}

interface OpenTask {
  id: number;
  instanceId: number;
  activityId: string;
}

const STALL_MS = 60_000;
/** A progress line this often, so a long run shows it is moving. */
const PROGRESS_MS = 60_000;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
/** Cases that count as driven through: resolved, or closed (a later process version may wait for the survey before closing). */
const DRIVEN_THROUGH = '/api/cases?type=complaint&status=resolved&status=closed&limit=1';

/**
 * Registers `count` complaints through POST /api/complaints and drives each through
 * processes/complaint.bpmn over the task API until its case is resolved: the first reply
 * (half of them hand the complaint to one department, half to none), the investigation if
 * any, the resolution. The triage and the replies are service tasks the server's engine
 * worker runs on its own; one poller watches the open complaint tasks and the number of
 * driven-through cases, and hands each new task to the call pool.
 */
export async function driveComplaints(client: BenchClient, options: DriveOptions): Promise<DriveResult> {
  const result: DriveResult = { registerMs: [], completeMs: [], completeMsByActivity: new Map(), elapsedMs: 0, caseIds: [], investigated: 0, polls: 0 };
  const pool = new CallPool(options.concurrency);
  const planned = new Map<number, Planned>();
  const dispatched = new Set<number>();
  const unknownActivities = new Set<string>();
  const resolvedAtStart = (await client.call<{ total: number }>(DRIVEN_THROUGH)).total;
  let started = 0;
  let registered = 0;
  let resolved = 0;

  const register = async (index: number) => {
    const category = CATEGORIES[index % CATEGORIES.length]!;
    const customerId = options.customerIds.length ? options.customerIds[index % options.customerIds.length] : undefined;
    const body = { channel: 'api', category, essence: `Bench complaint ${index}: the parcel arrived damaged and nobody answered the phone.`, ...(customerId ? { customer_id: customerId } : {}) };
    const created = await client.timed<{ case_id: number; instance_id: number }>(result.registerMs, '/api/complaints', { method: 'POST', body });
    planned.set(created.instance_id, { index, department: index % 2 === 1 ? DEPARTMENT_FOR[category] : null });
    result.caseIds.push(created.case_id);
    registered++;
    feed();
  };
  const feed = () => {
    while (started < options.count && started - resolved < options.window) {
      const index = options.firstIndex + started++;
      pool.push(() => register(index));
    }
  };
  const taskData = (task: OpenTask, plan: Planned): Record<string, unknown> | null => {
    if (task.activityId === 'firstResponse') {
      if (plan.department) result.investigated++;
      return { reply: `We have your complaint ${plan.index} and are looking into it; you will hear from us within three days.`, departments: plan.department ? [plan.department] : [] };
    }
    if (task.activityId.startsWith('investigate')) return { findings: `Bench findings for complaint ${plan.index}.` };
    if (task.activityId === 'resolve') return { resolution: `Complaint ${plan.index}: we refund the delivery and have spoken to the courier.`, founded: plan.index % 3 === 0 ? 'no' : 'yes' };
    return null;
  };
  const complete = async (task: OpenTask, data: Record<string, unknown>) => {
    const latencies = result.completeMsByActivity.get(task.activityId) ?? [];
    result.completeMsByActivity.set(task.activityId, latencies);
    const before = latencies.length;
    await client.timed(latencies, `/api/tasks/${task.id}/complete`, { method: 'POST', body: { data } });
    result.completeMs.push(latencies[before]!);
  };

  const startedAt = performance.now();
  let lastProgressAt = startedAt;
  let lastReportAt = startedAt;
  feed();
  while (resolved < options.count) {
    await sleep(options.pollMs);
    const [open, driven] = await Promise.all([
      client.call<{ items: OpenTask[] }>('/api/tasks?processId=complaint&status=open&sort=-created_at&limit=500'),
      client.call<{ total: number }>(DRIVEN_THROUGH),
    ]);
    result.polls++;
    for (const task of open.items) {
      const plan = planned.get(task.instanceId);
      if (!plan || dispatched.has(task.id)) continue; // another run's leftovers, or already on its way
      const data = taskData(task, plan);
      if (!data) {
        if (!unknownActivities.has(task.activityId)) console.log(`  (a complaint task this bench does not know: ${task.activityId}; left open)`);
        unknownActivities.add(task.activityId);
        continue;
      }
      dispatched.add(task.id);
      pool.push(() => complete(task, data), true);
    }
    const now = performance.now();
    if (driven.total - resolvedAtStart > resolved) lastProgressAt = now;
    resolved = Math.min(driven.total - resolvedAtStart, registered);
    feed();
    if (now - lastReportAt > PROGRESS_MS) {
      lastReportAt = now;
      console.log(`  … ${resolved} of ${options.count} resolved after ${((now - startedAt) / 1000).toFixed(0)} s`);
    }
    if (pool.errors.length) throw new Error(`${pool.errors.length} calls failed; the first: ${String(pool.errors[0])}`);
    if (now - lastProgressAt > STALL_MS && pool.idle) {
      const incidents = await client.call<{ total: number; items: { activityId: string; error: string }[] }>('/api/incidents?status=open&limit=5');
      throw new Error(`no complaint resolved for ${STALL_MS / 1000} s (${resolved} of ${options.count}; open incidents: ${incidents.total}${incidents.items.length ? `, e.g. ${incidents.items[0]!.activityId}: ${incidents.items[0]!.error}` : ''})`);
    }
  }
  result.elapsedMs = performance.now() - startedAt;
  await pool.drain();
  return result;
}

/** Registration → resolved per case, as the server recorded it (cases.created_at → resolved_at). */
export async function resolutionTimesMs(client: BenchClient, caseIds: readonly number[]): Promise<number[]> {
  const wanted = new Set(caseIds);
  const times: number[] = [];
  for (let offset = 0; times.length < wanted.size; offset += 500) {
    const page = await client.call<{ items: { id: number; created_at: string; resolved_at: string | null }[] }>(
      `/api/cases?type=complaint&status=resolved&status=closed&sort=-created_at&limit=500&offset=${offset}`);
    if (page.items.length === 0) break;
    for (const item of page.items) {
      if (wanted.has(item.id) && item.resolved_at) times.push(Date.parse(item.resolved_at) - Date.parse(item.created_at));
    }
  }
  return times;
}
