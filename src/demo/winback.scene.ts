import { correlateComebacks, startSegmentProcesses } from '../winback/index.ts';
import type { DemoStage } from './demo-stage.ts';
import { officeTime, type DemoScene, type DemoStep } from './scenes.ts';

const CRM_MANAGER = 'crm.manager@rebound.local';
const DESIGNER = 'designer@rebound.local';

/** The offer budgets: "winback" in euros and one per other currency the demo sells in (decision 039). */
const BUDGETS: readonly { key: string; currency: string; limitMinor: number }[] = [
  { key: 'winback', currency: 'EUR', limitMinor: 500_000 },
  { key: 'winback-gbp', currency: 'GBP', limitMinor: 500_000 },
  { key: 'winback-sek', currency: 'SEK', limitMinor: 5_000_000 },
  { key: 'winback-usd', currency: 'USD', limitMinor: 500_000 },
  { key: 'winback-rub', currency: 'RUB', limitMinor: 50_000_000 },
  { key: 'winback-uah', currency: 'UAH', limitMinor: 20_000_000 },
];

/** What the CRM manager learns on the first calls, in turn: most reasons wait on their cause, a few end the win-back. */
const CALLS: readonly ({ contactResult: 'reached'; reason: string } | { contactResult: 'not_reached' | 'refused' })[] = [
  { contactResult: 'reached', reason: 'price' },
  { contactResult: 'reached', reason: 'bad_product' },
  { contactResult: 'reached', reason: 'price' },
  { contactResult: 'reached', reason: 'competitor' },
  { contactResult: 'not_reached' },
  { contactResult: 'reached', reason: 'bad_service' },
  { contactResult: 'reached', reason: 'price' },
  { contactResult: 'reached', reason: 'survey_needed' },
  { contactResult: 'reached', reason: 'bad_product' },
  { contactResult: 'reached', reason: 'moved' },
  { contactResult: 'reached', reason: 'price' },
  { contactResult: 'refused' },
  { contactResult: 'reached', reason: 'bad_service' },
  { contactResult: 'reached', reason: 'other' },
];

interface Task { id: number; activityId: string; businessKey: string | null }

/**
 * Win-back under way for three weeks: the CRM manager approves the offer budgets; the designer
 * recomputes the purchase metrics and saves "Desired returners" (quiet, ABC class A, with an
 * e-mail address) bound to processes/win-back.bpmn with a 10 % control group, and "Valuable, due
 * now" without a process; the entries start their win-backs. Over the next days the CRM manager
 * calls the first customers (one needs the call survey); bad product is being fixed, price is
 * marked eliminated, which releases everyone waiting on it into an offer by e-mail; one of them
 * orders again and is counted as came back. The rest wait on their causes or in the inbox.
 */
export const winbackScene: DemoScene = {
  name: 'win-back',
  plan(today) {
    let segmentId: number | undefined;
    const callsPerDay = [5, 5, 4];

    const openReasonTasks = async (stage: DemoStage) => {
      const { items } = await stage.ok<{ items: Task[] }>(CRM_MANAGER, { method: 'GET', url: '/api/tasks?status=open&processId=win-back&limit=200' });
      return items.filter((t) => t.activityId === 'determineReason').sort((a, b) => a.id - b.id);
    };
    const work = async (stage: DemoStage, task: Task, data: Record<string, unknown>) => {
      await stage.ok(CRM_MANAGER, { method: 'POST', url: `/api/tasks/${task.id}/claim` });
      await stage.ok(CRM_MANAGER, { method: 'POST', url: `/api/tasks/${task.id}/complete`, payload: { data } });
      await stage.settle();
    };
    const callDay = (day: number, first: number): DemoStep => ({
      at: officeTime(today, 19 - day, 9, 30),
      async run(stage) {
        const tasks = await openReasonTasks(stage);
        for (let n = 0; n < callsPerDay[day]! && tasks[n]; n++) {
          const call = CALLS[(first + n) % CALLS.length]!;
          await work(stage, tasks[n]!, call.contactResult === 'reached' ? { ...call, reasonNote: 'said so on the phone' } : call);
          if (call.contactResult === 'reached' && call.reason === 'survey_needed') await survey(stage, tasks[n]!.businessKey);
        }
      },
    });
    const survey = async (stage: DemoStage, businessKey: string | null) => {
      const { items } = await stage.ok<{ items: Task[] }>(CRM_MANAGER, { method: 'GET', url: `/api/tasks?status=open&businessKey=${encodeURIComponent(businessKey ?? '')}` });
      const task = items.find((t) => t.activityId === 'callSurvey');
      if (!task) return;
      const [journey] = await stage.ctx.db.query<{ id: number }>('SELECT id FROM winback_journeys WHERE business_key = $1', [businessKey]);
      await stage.ok(CRM_MANAGER, {
        method: 'POST', url: `/api/winback/journeys/${journey!.id}/call-answers`,
        payload: { answers: { still_buying: 'yes', why_switch: 'competitor', which_competitor: 'A discounter opened next to my office' } },
      });
      await work(stage, task, { contactResult: 'reached' });
    };

    return {
      steps: [
        {
          at: officeTime(today, 21, 8, 45),
          async run(stage) {
            for (const b of BUDGETS) {
              await stage.ok(CRM_MANAGER, {
                method: 'PUT', url: `/api/compensation/budgets/${b.key}`,
                payload: { name: `Win-back offers (${b.currency})`, purpose: 'Vouchers for customers won back once their reason is fixed', currency: b.currency, limit_minor: b.limitMinor },
              });
            }
          },
        },
        {
          at: officeTime(today, 21, 9, 15),
          async run(stage) {
            await stage.ok(DESIGNER, { method: 'POST', url: '/api/winback/metrics/recompute' });
            const saved = await stage.ok<{ segment: { id: number } }>(DESIGNER, {
              method: 'POST', url: '/api/winback/segments',
              payload: {
                name: 'Desired returners', description: 'Valuable customers (ABC class A) who went quiet against their own buying cycle',
                filter_text: "quiet AND abc_class = 'A' AND has_email", process_id: 'win-back', reentry: 'once', control_share: 0.1,
              },
            });
            segmentId = saved.segment.id;
            await stage.ok(DESIGNER, {
              method: 'POST', url: '/api/winback/segments',
              payload: { name: 'Valuable, due now', description: 'A and B customers whose next purchase is due: keep them from going quiet', filter_text: "churn_risk = 'due' AND abc_class IN ('A', 'B')" },
            });
            // What the segments' start worker does when woken: the entries start their win-backs.
            await startSegmentProcesses({ db: stage.ctx.db, clock: stage.clock });
            // The worker, woken by the save, may hold some entries itself (SKIP LOCKED), and this
            // call returns without them: the first calls need every win-back started.
            await stage.until('the segments\' start worker (win-backs pending)', async () => {
              const [pending] = await stage.ctx.db.query<{ n: number }>(
                "SELECT count(*)::int AS n FROM winback_segment_entries WHERE start_status = 'pending' AND next_attempt_at <= $1", [stage.clock.now()]);
              return pending!.n;
            });
            await stage.settle();
          },
        },
        callDay(0, 0),
        callDay(1, 5),
        callDay(2, 10),
        {
          at: officeTime(today, 14, 11),
          async run(stage) {
            await stage.ok(CRM_MANAGER, { method: 'PUT', url: '/api/winback/reasons/bad_product/state', payload: { state: 'being_fixed', note: 'Quality reviews the two suppliers customers named' } });
          },
        },
        {
          at: officeTime(today, 9, 14),
          async run(stage) {
            const on = stage.clock.now().toISOString().slice(0, 10);
            await stage.ok(CRM_MANAGER, { method: 'PUT', url: '/api/winback/reasons/price/state', payload: { state: 'eliminated', eliminated_on: on, note: 'Everyday prices of the basics matched to the discounters' } });
            await stage.settle();
          },
        },
        {
          at: officeTime(today, 4, 12),
          async run(stage) {
            // One customer who got the offer orders again online.
            const [back] = await stage.ctx.db.query<{ external_id: string; currency: string; gtin: string }>(
              `SELECT c.external_id, v.currency, (SELECT gtin FROM products ORDER BY id LIMIT 1) AS gtin
               FROM winback_journeys j JOIN customers c ON c.id = j.customer_id JOIN vouchers v ON v.id = j.voucher_id
               WHERE j.status = 'offered' ORDER BY j.id LIMIT 1`);
            if (!back) return;
            const at = stage.clock.now().toISOString().replace(/\.\d+Z$/, 'Z');
            await stage.ok(CRM_MANAGER, {
              method: 'POST', url: '/api/imports/order-lines', headers: { 'content-type': 'text/csv' },
              payload: `order_external_id,ordered_at,channel,customer_external_id,line_no,gtin,quantity,unit_price_minor,currency\nWB-BACK-1,${at},online,${back.external_id},1,${back.gtin},3,${back.currency === 'GBP' || back.currency === 'EUR' || back.currency === 'USD' ? 1_450 : 14_500},${back.currency}\n`,
            });
            await correlateComebacks({ db: stage.ctx.db, clock: stage.clock });
            await stage.settle();
          },
        },
      ],
      async summary(stage) {
        const [s] = await stage.ctx.db.query<{ members: number; started: number; control: number; found: number; waiting: number; offered: number; back: number }>(
          `SELECT (SELECT count(*) FROM winback_segment_entries WHERE segment_id = $1 AND left_at IS NULL)::int AS members,
                  (SELECT count(*) FROM winback_segment_entries WHERE segment_id = $1 AND start_status = 'started')::int AS started,
                  (SELECT count(*) FROM winback_segment_entries WHERE segment_id = $1 AND control)::int AS control,
                  (SELECT count(*) FROM winback_journeys WHERE reason IS NOT NULL AND reason <> 'survey_needed')::int AS found,
                  (SELECT count(*) FROM winback_journeys WHERE status = 'waiting')::int AS waiting,
                  (SELECT count(*) FROM winback_journeys WHERE offered_at IS NOT NULL)::int AS offered,
                  (SELECT count(*) FROM winback_journeys WHERE came_back_at IS NOT NULL)::int AS back`, [segmentId ?? 0]);
        return `win-back: "Desired returners" has ${s!.members} members (${s!.started} win-backs started, ${s!.control} in the control group); `
          + `${s!.found} reasons found, ${s!.waiting} customers waiting on a cause, ${s!.offered} offers sent, ${s!.back} came back`;
      },
    };
  },
};
