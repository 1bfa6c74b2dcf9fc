import type { DemoStage } from './demo-stage.ts';
import { officeTime, type DemoScene, type DemoStep } from './scenes.ts';

const AGENT = 'agent@rebound.local';
const SUPPORT_MANAGER = 'support.manager@rebound.local';
const QUALITY_MANAGER = 'quality.manager@rebound.local';

interface Task {
  id: number;
  activityId: string;
}

type Category = 'product_quality' | 'delivery' | 'service' | 'billing' | 'other';

/** One complaint's life so far: when it came in, and what happened to it after, day by day. */
interface ComplaintStory {
  /** Where it stands today, for the summary line. */
  stage: string;
  category: Category;
  essence: string;
  /** Registered from the public page (order number and e-mail checked) rather than by an agent on the phone. */
  viaPublicPage?: boolean;
  received: [days: number, hour: number, minute: number];
  then: { at: [days: number, hour: number, minute: number]; act: (stage: DemoStage, complaint: Registered) => Promise<void> }[];
}

interface Registered {
  reference: string;
  case_id: number;
}

/** A person picks the open task of this step from the complaint's tasks, claims it and completes it with the form's data. */
async function work(stage: DemoStage, as: string, complaint: Registered, activityId: string, data: Record<string, unknown>): Promise<void> {
  const { items } = await stage.ok<{ items: Task[] }>(as, { method: 'GET', url: `/api/tasks?businessKey=${complaint.reference}&status=open` });
  const task = items.find((t) => t.activityId === activityId);
  if (!task) throw new Error(`demo: complaint ${complaint.reference} has no open task ${activityId} for ${as} (open: ${items.map((t) => t.activityId).join(', ') || 'none'})`);
  await stage.ok(as, { method: 'POST', url: `/api/tasks/${task.id}/claim` });
  await stage.ok(as, { method: 'POST', url: `/api/tasks/${task.id}/complete`, payload: { data } });
  await stage.settle();
}

const reply = (text: string, departments: string[] = []) => (s: DemoStage, c: Registered) => work(s, AGENT, c, 'firstResponse', { reply: text, departments });
const investigate = (as: string, activityId: string, findings: string) => (s: DemoStage, c: Registered) => work(s, as, c, activityId, { findings });
const resolve = (founded: 'yes' | 'no', resolution: string, as = AGENT) => (s: DemoStage, c: Registered) => work(s, as, c, 'resolve', { founded, resolution });

/** The customer opens the survey link from their e-mail and answers it (follow-up questions when dissatisfied). */
const answerSurvey = (csat: number, comment?: string) => async (stage: DemoStage, complaint: Registered) => {
  const campaign = `survey:case-resolution:case:${complaint.case_id}`;
  const { items } = await stage.ok<{ items: { id: number }[] }>(SUPPORT_MANAGER, { method: 'GET', url: `/api/comms/messages?campaign=${encodeURIComponent(campaign)}&channel=email` });
  if (!items[0]) throw new Error(`demo: no survey invitation was sent about ${complaint.reference}`);
  const message = await stage.ok<{ variables: { survey_url: string } }>(SUPPORT_MANAGER, { method: 'GET', url: `/api/comms/messages/${items[0].id}` });
  const link = new URL(message.variables.survey_url);
  const post = (form: Record<string, string>) =>
    stage.ok(null, { method: 'POST', url: link.pathname + link.search, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString() });
  await post({ step: 'scores', q_csat: String(csat), q_ces: String(Math.min(7, csat + 1)), q_nps: String(csat * 2) });
  if (csat <= 3) await post({ step: 'follow-ups', q_what_went_wrong: 'outcome', q_comment: comment ?? '' });
  await stage.settle();
};

/**
 * Complaints at every stage of processes/complaint.bpmn, received over the last ten days:
 * closed after a happy survey answer, reopened by an unhappy one, resolved and waiting for
 * the answer, with departments investigating, waiting for the resolution, and new — one of
 * them past its first-reply deadline and escalated to the managers. Each is driven through
 * the console's API and the public pages, as an agent, managers and the customer would.
 */
export const complaintsScene: DemoScene = {
  name: 'complaints',
  plan(today) {
    const stories: ComplaintStory[] = [
      {
        stage: 'closed', category: 'delivery', essence: 'The parcel came two days after the promised date and the box was crushed.',
        received: [9, 10, 5],
        then: [
          { at: [9, 13, 20], act: reply('We are sorry the parcel was late and damaged. We have asked the carrier what happened and will come back to you tomorrow.') },
          { at: [8, 11, 0], act: resolve('yes', 'The carrier confirmed the delay at its hub. We have refunded the delivery fee to your card.') },
          { at: [7, 18, 10], act: answerSurvey(5) },
        ],
      },
      {
        stage: 'reopened', category: 'product_quality', essence: 'The yoghurt smelled sour although it was a week before its best-before date.',
        received: [7, 9, 40],
        then: [
          { at: [7, 15, 0], act: reply('Thank you for telling us. Our quality team is checking the batch today.', ['quality']) },
          { at: [6, 10, 30], act: investigate(QUALITY_MANAGER, 'investigateQuality', 'Retained samples of the batch tested fine; the cold chain at the store was not checked.') },
          { at: [5, 16, 0], act: resolve('no', 'Our tests of this batch found nothing wrong, so we cannot confirm a quality fault.') },
          { at: [4, 12, 0], act: answerSurvey(2, 'You did not even ask the store whether its fridge worked.') },
        ],
      },
      {
        stage: 'awaiting the survey', category: 'delivery', essence: 'Two items were missing from my order, the invoice lists them.',
        received: [4, 11, 15],
        then: [
          { at: [4, 12, 0], act: reply('We are sorry about the missing items. Logistics is checking the packing record.', ['logistics']) },
          { at: [3, 9, 30], act: investigate(SUPPORT_MANAGER, 'investigateLogistics', 'The packing scale shows the parcel 640 g short: the two items were never packed.') },
          { at: [2, 14, 0], act: resolve('yes', 'The two items were left out at packing. We have sent them today at no cost, with our apologies.') },
        ],
      },
      {
        stage: 'investigating', category: 'product_quality', essence: 'I was charged for the kefir twice and the second pack was already swollen.',
        received: [2, 10, 20],
        then: [
          { at: [2, 16, 45], act: reply('We are sorry. Quality is checking the pack and finance the double charge.', ['quality', 'finance']) },
          { at: [1, 11, 0], act: investigate(QUALITY_MANAGER, 'investigateQuality', 'A swollen pack points to a broken seal; the lot is under review.') },
        ],
      },
      {
        stage: 'awaiting the resolution', category: 'service', essence: 'The cashier refused to take back an unopened pack with its receipt.',
        received: [2, 13, 0],
        then: [{ at: [1, 10, 0], act: reply('We are sorry you were turned away. Returns with a receipt are always accepted; we are talking to the store.') }],
      },
      {
        stage: 'first reply overdue', category: 'billing', essence: 'My loyalty points from last month never arrived on my card.',
        received: [3, 8, 50],
        then: [],
      },
      {
        stage: 'awaiting the first reply', category: 'service', essence: 'Nobody answered the hotline for forty minutes this morning.',
        received: [1, 9, 30],
        then: [],
      },
      {
        stage: 'new', category: 'delivery', essence: 'The courier left my parcel at the wrong door and marked it delivered.', viaPublicPage: true,
        received: [0, 9, 10],
        then: [],
      },
    ];

    const registered: (Registered | undefined)[] = [];
    const used = new Set<number>();
    const steps: DemoStep[] = stories.flatMap((story, i) => {
      const at = (when: [number, number, number]) => officeTime(today, ...when);
      return [
        { at: at(story.received), run: async (stage: DemoStage) => { registered[i] = await register(stage, story, used); } },
        ...story.then.map((next) => ({ at: at(next.at), run: (stage: DemoStage) => next.act(stage, registered[i]!) })),
      ];
    });
    return {
      steps,
      async summary() {
        const references = registered.filter(Boolean).map((r) => r!.reference);
        return `${references.length} complaints, ${references[0]}…${references.at(-1)}: ${stories.map((s) => s.stage).join('; ')}`;
      },
    };
  },
};

/**
 * Registers the complaint about a recent order of a customer who accepts e-mail (so the
 * replies and the survey reach them), a different customer each time.
 */
async function register(stage: DemoStage, story: ComplaintStory, used: Set<number>): Promise<Registered> {
  const now = stage.clock.now();
  const [buyer] = await stage.ctx.db.query<{ customer_id: number; order: string; email: string }>(
    `SELECT cu.id AS customer_id, o.external_id AS order, cu.email FROM orders o JOIN customers cu ON cu.id = o.customer_id
     JOIN customer_consents k ON k.customer_id = cu.id AND k.channel = 'email' AND k.granted
     WHERE cu.email IS NOT NULL AND o.ordered_at < $1 AND o.ordered_at > $1::timestamptz - interval '30 days' AND NOT (cu.id = ANY($2::bigint[]))
     ORDER BY o.ordered_at DESC, o.id LIMIT 1`,
    [now, [...used]],
  );
  if (!buyer) throw new Error('demo: no customer with an e-mail consent and a recent order is left for a complaint');
  used.add(buyer.customer_id);
  const registered = story.viaPublicPage
    ? await stage.ok<Registered>(null, { method: 'POST', url: '/api/public/complaints', payload: { order_number: buyer.order, email: buyer.email, category: story.category, essence: story.essence } })
    : await stage.ok<Registered>(AGENT, { method: 'POST', url: '/api/complaints', payload: { channel: 'phone', category: story.category, essence: story.essence, customer_id: buyer.customer_id, order_number: buyer.order } });
  await stage.settle();
  return registered;
}
