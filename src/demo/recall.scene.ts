import type { DemoStage } from './demo-stage.ts';
import { officeTime, type DemoScene } from './scenes.ts';

const QUALITY_MANAGER = 'quality.manager@rebound.local';

interface PartnerNotice {
  partner: string;
  locations: { external_id: string; kind: string; lots: { gtin: string; lot_code: string; sold: number; in_stock: number }[] }[];
}

interface Dashboard {
  recall: { reference: string; status: string };
  reach: { by_channel: { channel: string; sent: number }[]; by_chain: { stores_reported: number }[] };
  response: { claims: { total: number } };
}

/**
 * A class I recall under way since yesterday morning: the quality manager defines it for the
 * lot with the most known buyers, registers the contacts of the two chains that sold most
 * of it, and activates it — so the real activation blocks the lot, decides offers, issues
 * vouchers, sends the notices, alerts the staff and the chains. The regulator report is filed;
 * consumers claim on the recall page (one claim left for a manager to review); three stores
 * confirm units pulled from their shelves. The shelves-cleared confirmation waits in the inbox.
 */
export const recallScene: DemoScene = {
  name: 'recall',
  plan(today) {
    let recall: { id: number; reference: string } | undefined;
    let target: { gtin: string; lot_code: string; product: string } | undefined;
    let partners: PartnerNotice[] = [];
    const stores = () =>
      partners.flatMap((p) => p.locations.filter((l) => l.kind === 'store').flatMap((l) => l.lots.filter((lot) => lot.sold > 0).map((lot) => ({ location: l.external_id, ...lot }))));

    const reportReturn = (n: number) => async (stage: DemoStage) => {
      const store = stores()[n];
      if (!store) return; // a small demo may have fewer stores that sold the lot
      await stage.ok(QUALITY_MANAGER, {
        method: 'POST', url: `/api/recalls/${recall!.id}/returns`, headers: { 'idempotency-key': `demo-return-${recall!.reference}-${store.location}` },
        payload: { location: store.location, gtin: store.gtin, lot: store.lot_code, quantity: Math.max(1, store.in_stock || Math.ceil(store.sold / 3)) },
      });
    };

    const claim = (n: number) => async (stage: DemoStage) => {
      const buyers = await stage.ctx.db.query<{ id: number; name: string; email: string; language: string }>(
        `SELECT DISTINCT cu.id, cu.name, cu.email, cu.language FROM order_lines ol JOIN orders o ON o.id = ol.order_id JOIN customers cu ON cu.id = o.customer_id
         JOIN lots l ON l.id = ol.lot_id JOIN products p ON p.id = l.product_id
         WHERE p.gtin = $1 AND l.lot_code = $2 AND cu.email IS NOT NULL ORDER BY cu.id LIMIT 2`, [target!.gtin, target!.lot_code]);
      // Two buyers on record claim a voucher for one unit (approved at once by processes/recall-claim.dmn); a
      // shopper we do not know claims three units, which the rules leave to a manager.
      const claimant = buyers[n] ?? { id: 0, name: 'Maria Svensson', email: 'maria.svensson@example.org', language: 'sv' };
      const unknown = !buyers[n];
      // A buyer on record follows the link in their recall notice, which proves it is them (decision 020).
      const [notice] = unknown ? [] : await stage.ctx.db.query<{ url: string }>(
        `SELECT variables->>'landing_url' AS url FROM comms_messages WHERE customer_id = $1 AND campaign = $2 LIMIT 1`, [claimant.id, `recall:${recall!.reference}`]);
      const proof = notice ? new URL(notice.url).searchParams.get('t') ?? undefined : undefined;
      await stage.ok(null, {
        method: 'POST', url: `/api/public/recalls/${recall!.reference}/claims`,
        payload: { ...(proof ? { proof } : { name: claimant.name, email: claimant.email }), lang: claimant.language, gtin: target!.gtin, lot: target!.lot_code, quantity: unknown ? 3 : 1, requested: 'voucher' },
      });
      await stage.settle();
    };

    return {
      steps: [
        {
          at: officeTime(today, 1, 8, 30),
          async run(stage) {
            // The lot with the most identified buyers so far: the kind of lot a recall is about.
            [target] = await stage.ctx.db.query<{ gtin: string; lot_code: string; product: string }>(
              `SELECT p.gtin, l.lot_code, p.name AS product FROM order_lines ol JOIN orders o ON o.id = ol.order_id JOIN lots l ON l.id = ol.lot_id
               JOIN products p ON p.id = l.product_id WHERE o.customer_id IS NOT NULL AND o.ordered_at < $1
               GROUP BY p.gtin, l.lot_code, p.name ORDER BY count(DISTINCT o.customer_id) DESC, 1, 2 LIMIT 1`, [stage.clock.now()]);
            if (!target) throw new Error('demo: no lot has identified buyers to recall');
            recall = await stage.ok(QUALITY_MANAGER, {
              method: 'POST', url: '/api/recalls',
              payload: {
                title: `${target.product}: possible Listeria contamination`,
                classification: 'I',
                reason: 'Listeria monocytogenes found in a retained sample of the lot',
                recalling_firm: 'Rebound Demo Foods AB',
                instructions: {
                  en: 'Do not eat it. Return it to any store for a full refund, or claim a voucher on this page.',
                  ru: 'Не употребляйте продукт. Верните его в любой магазин или получите ваучер на этой странице.',
                  uk: 'Не вживайте продукт. Поверніть його до будь-якого магазину або отримайте ваучер на цій сторінці.',
                  sv: 'Ät den inte. Lämna tillbaka den i valfri butik eller begär en värdekupong på den här sidan.',
                },
                scope: [{ gtin: target.gtin, lots: [target.lot_code] }],
              },
            });
            partners = await stage.ok<PartnerNotice[]>(QUALITY_MANAGER, { method: 'GET', url: `/api/recalls/${recall!.id}/partners` });
            const bySold = [...partners].sort((a, b) => sold(b) - sold(a) || a.partner.localeCompare(b.partner));
            for (const partner of bySold.slice(0, 2)) {
              const mailbox = `recalls@${partner.partner.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'partner'}.example`;
              await stage.ok(QUALITY_MANAGER, { method: 'PUT', url: '/api/recall-partners', payload: { partner: partner.partner, contact_email: mailbox, webhook_endpoint_id: null } });
            }
          },
        },
        {
          at: officeTime(today, 1, 9, 0),
          async run(stage) {
            await stage.ok(QUALITY_MANAGER, { method: 'POST', url: `/api/recalls/${recall!.id}/activate` });
            await stage.settle();
          },
        },
        { at: officeTime(today, 1, 10, 15), run: reportReturn(0) },
        { at: officeTime(today, 1, 11, 5), run: claim(0) },
        {
          at: officeTime(today, 1, 11, 30),
          async run(stage) {
            const { items } = await stage.ok<{ items: { id: number; activityId: string }[] }>(QUALITY_MANAGER, { method: 'GET', url: `/api/tasks?businessKey=${recall!.reference}&status=open` });
            const report = items.find((t) => t.activityId === 'fileReport');
            if (!report) throw new Error(`demo: recall ${recall!.reference} has no regulator report task`);
            await stage.ok(QUALITY_MANAGER, { method: 'POST', url: `/api/tasks/${report.id}/claim` });
            await stage.ok(QUALITY_MANAGER, {
              method: 'POST', url: `/api/tasks/${report.id}/complete`,
              payload: { data: { regulatorReference: `SE-LV-${recall!.reference.slice(3)}`, filedOn: stage.clock.now().toISOString().slice(0, 10), note: 'Filed with the national food agency by e-mail.' } },
            });
            await stage.settle();
          },
        },
        { at: officeTime(today, 1, 14, 40), run: claim(1) },
        { at: officeTime(today, 1, 15, 50), run: reportReturn(1) },
        { at: officeTime(today, 0, 8, 20), run: claim(2) },
        { at: officeTime(today, 0, 9, 45), run: reportReturn(2) },
      ],
      async summary(stage) {
        const board = await stage.ok<Dashboard>(QUALITY_MANAGER, { method: 'GET', url: `/api/recalls/${recall!.id}/dashboard` });
        const sent = board.reach.by_channel.reduce((n, c) => n + Number(c.sent), 0);
        const confirmed = board.reach.by_chain.reduce((n, c) => n + Number(c.stores_reported), 0);
        return `recall ${board.recall.reference} (${board.recall.status}): ${sent} notices sent, ${board.response.claims.total} claims, ${confirmed} stores confirmed returns`;
      },
    };
  },
};

const sold = (p: PartnerNotice) => p.locations.reduce((n, l) => n + l.lots.reduce((m, lot) => m + lot.sold, 0), 0);
