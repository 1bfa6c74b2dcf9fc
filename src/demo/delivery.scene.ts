import { DEMO_DELIVERY_INCIDENT } from '../data/demo/index.ts';
import { carrierCodeOf } from '../delivery/index.ts';
import type { DemoStage } from './demo-stage.ts';
import { officeTime, type DemoScene } from './scenes.ts';

const SUPPORT_MANAGER = 'support.manager@rebound.local';

interface Incident { id: number; reference: string; cause_kind: string; cause_value: string; status: string; delayed_orders: number }

/** The public texts of the demo incident's status page, per language (decision 046: never the internal title or tags). */
const PAGE = {
  en: {
    public_title: `Late parcels with ${DEMO_DELIVERY_INCIDENT.carrier} in Russia`,
    public_summary: `During our sale, ${DEMO_DELIVERY_INCIDENT.carrier}'s sorting centre in Moscow could not keep up with the number of parcels. Orders sent to Russia with ${DEMO_DELIVERY_INCIDENT.carrier} arrive three to twelve days later than we promised.\n\nYour parcel is safe. Every customer with a late order has had an e-mail about their own order, with a link to follow it. We post what we know here.`,
    faq: [
      { question: 'Will I be compensated?', answer: 'Yes. Every order more than three working days late gets its shipping cost back, or a coupon, without asking. You will find it on your order\'s tracking page.' },
      { question: 'Can I cancel my order?', answer: 'Yes, until it is delivered: reply to the e-mail we sent you and we refund the whole order.' },
      { question: 'How do I know where my parcel is?', answer: 'Open the link in the e-mail about your order: it shows the carrier\'s latest scans and the new estimated delivery day.' },
    ],
  },
  ru: {
    public_title: `Задержка посылок ${DEMO_DELIVERY_INCIDENT.carrier} по России`,
    public_summary: `Во время нашей распродажи сортировочный центр ${DEMO_DELIVERY_INCIDENT.carrier} в Москве не справился с потоком посылок. Заказы, отправленные по России службой ${DEMO_DELIVERY_INCIDENT.carrier}, приходят на 3–12 дней позже обещанного.\n\nВаша посылка в сохранности. Каждому клиенту с задержанным заказом мы написали письмо о его заказе со ссылкой для отслеживания. Здесь мы публикуем всё, что знаем.`,
    faq: [
      { question: 'Будет ли компенсация?', answer: 'Да. За каждый заказ, опоздавший больше чем на три рабочих дня, мы вернём стоимость доставки или дадим купон, без заявлений. Вы увидите это на странице отслеживания заказа.' },
      { question: 'Можно ли отменить заказ?', answer: 'Да, пока он не доставлен: ответьте на наше письмо, и мы вернём деньги за весь заказ.' },
      { question: 'Как узнать, где моя посылка?', answer: 'Откройте ссылку в письме о вашем заказе: там последние отметки перевозчика и новая ожидаемая дата доставки.' },
    ],
  },
  uk: {
    public_title: `Затримка посилок ${DEMO_DELIVERY_INCIDENT.carrier} по Росії`,
    public_summary: `Під час нашого розпродажу сортувальний центр ${DEMO_DELIVERY_INCIDENT.carrier} у Москві не впорався з кількістю посилок. Замовлення, надіслані по Росії службою ${DEMO_DELIVERY_INCIDENT.carrier}, приходять на 3–12 днів пізніше обіцяного.\n\nВаша посилка в безпеці. Кожному клієнтові із затриманим замовленням ми надіслали лист про його замовлення з посиланням для відстеження. Тут ми публікуємо все, що знаємо.`,
    faq: [
      { question: 'Чи буде компенсація?', answer: 'Так. За кожне замовлення, що запізнилося більш ніж на три робочі дні, ми повернемо вартість доставки або дамо купон, без заяв. Ви побачите це на сторінці відстеження замовлення.' },
      { question: 'Чи можна скасувати замовлення?', answer: 'Так, доки його не доставлено: дайте відповідь на наш лист, і ми повернемо гроші за все замовлення.' },
    ],
  },
  sv: {
    public_title: `Försenade paket med ${DEMO_DELIVERY_INCIDENT.carrier} i Ryssland`,
    public_summary: `Under vår rea hann ${DEMO_DELIVERY_INCIDENT.carrier}s sorteringscentral i Moskva inte med alla paket. Ordrar som skickas inom Ryssland med ${DEMO_DELIVERY_INCIDENT.carrier} kommer tre till tolv dagar senare än vi lovade.\n\nDitt paket är i säkerhet. Alla kunder med en försenad order har fått ett e-postmeddelande om sin order med en länk för att följa den. Här berättar vi vad vi vet.`,
    faq: [
      { question: 'Får jag ersättning?', answer: 'Ja. Varje order som är mer än tre arbetsdagar sen får fraktkostnaden tillbaka, eller en rabattkod, utan att du behöver fråga.' },
      { question: 'Kan jag avbryta min order?', answer: 'Ja, tills den är levererad: svara på e-postmeddelandet vi skickade så återbetalar vi hela ordern.' },
    ],
  },
};

/** The status page's timed updates, each in the four languages. */
const UPDATES = [
  {
    en: `${DEMO_DELIVERY_INCIDENT.carrier} has opened a second shift at the Moscow sorting centre; the oldest parcels are being sorted first.`,
    ru: `${DEMO_DELIVERY_INCIDENT.carrier} открыл вторую смену в московском сортировочном центре; первыми сортируют самые старые посылки.`,
    uk: `${DEMO_DELIVERY_INCIDENT.carrier} відкрив другу зміну в московському сортувальному центрі; першими сортують найстаріші посилки.`,
    sv: `${DEMO_DELIVERY_INCIDENT.carrier} har öppnat ett andra skift på sorteringscentralen i Moskva; de äldsta paketen sorteras först.`,
  },
  {
    en: 'New orders to Russia now go with Vektor Post. Parcels still with the old carrier arrive within a week; your tracking page shows each one\'s new day.',
    ru: 'Новые заказы по России теперь отправляем через Vektor Post. Посылки у прежнего перевозчика придут в течение недели; новая дата — на странице отслеживания.',
    uk: 'Нові замовлення по Росії тепер надсилаємо через Vektor Post. Посилки в попереднього перевізника прийдуть протягом тижня; нова дата — на сторінці відстеження.',
    sv: 'Nya ordrar till Ryssland skickas nu med Vektor Post. Paket hos den gamla transportören kommer inom en vecka; spårningssidan visar varje pakets nya dag.',
  },
];

/**
 * A delivery-delay incident under way (issue 15): three days ago the scheduled delay sweep
 * finds the late parcels of the carrier whose Moscow sorting centre jammed in the sale
 * (DEMO_DELIVERY_INCIDENT in the demo data) and tells each customer their own order's status
 * and new estimate; the support manager opens the incident for the carrier (unless its late
 * share already opened it), which starts processes/delivery-incident.bpmn with a task per
 * role; writes the public status page in English, Russian, Ukrainian and Swedish, publishes
 * it and posts two updates over the next days. The incident stays open: its tasks wait in the
 * inboxes, its page is public at /status/<slug>.
 */
export const deliveryScene: DemoScene = {
  name: 'delivery',
  plan(today) {
    let incident: Incident | undefined;
    const incidentUrl = () => `/api/delivery/incidents/${incident!.id}`;
    return {
      steps: [
        {
          at: officeTime(today, 3, 8, 30),
          async run(stage) {
            // What the sweep worker does every 15 minutes, at the scene's time: delays found, customers told.
            await stage.ok(SUPPORT_MANAGER, { method: 'POST', url: '/api/delivery/sweep' });
            await stage.settle();
          },
        },
        {
          at: officeTime(today, 3, 9),
          async run(stage) {
            const carrier = carrierCodeOf(DEMO_DELIVERY_INCIDENT.carrier);
            const open = await stage.ok<Incident[]>(SUPPORT_MANAGER, { method: 'GET', url: '/api/delivery/incidents?status=open' });
            // The carrier's late share may have opened it already (the tripwire); else by hand.
            incident = open.find((i) => i.cause_kind === 'carrier' && i.cause_value === carrier) ?? await stage.ok<Incident>(SUPPORT_MANAGER, {
              method: 'POST', url: '/api/delivery/incidents',
              payload: { cause_kind: 'carrier', cause_value: DEMO_DELIVERY_INCIDENT.carrier, title: `${DEMO_DELIVERY_INCIDENT.carrier}: ${DEMO_DELIVERY_INCIDENT.hub} sorting centre jammed in the sale`, root_cause_tags: ['carrier_capacity'] },
            });
            await stage.settle();
          },
        },
        {
          at: officeTime(today, 3, 10, 15),
          async run(stage) {
            for (const [language, texts] of Object.entries(PAGE)) {
              await stage.ok(SUPPORT_MANAGER, { method: 'PUT', url: `${incidentUrl()}/status-page`, payload: { language, ...texts } });
            }
            await stage.ok(SUPPORT_MANAGER, { method: 'POST', url: `${incidentUrl()}/status-page/publish` });
          },
        },
        {
          at: officeTime(today, 2, 16),
          async run(stage) {
            await stage.ok(SUPPORT_MANAGER, { method: 'POST', url: `${incidentUrl()}/status-page/updates`, payload: { texts: UPDATES[0] } });
            await stage.settle();
          },
        },
        {
          at: officeTime(today, 1, 11),
          async run(stage) {
            await stage.ok(SUPPORT_MANAGER, { method: 'POST', url: `${incidentUrl()}/status-page/updates`, payload: { texts: UPDATES[1] } });
            await stage.settle();
          },
        },
      ],
      async summary(stage: DemoStage) {
        if (!incident) return 'delivery: no incident was opened';
        const current = await stage.ok<Incident>(SUPPORT_MANAGER, { method: 'GET', url: incidentUrl() });
        const page = await stage.ok<{ slug: string; published_at: string | null; updates: unknown[] }>(SUPPORT_MANAGER, { method: 'GET', url: `${incidentUrl()}/status-page` });
        const [told] = await stage.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM delivery_delays WHERE notices > 0');
        return `delivery: incident ${current.reference} (${DEMO_DELIVERY_INCIDENT.carrier}, ${current.status}) with ${current.delayed_orders} delayed orders; `
          + `${told!.n} customers told of their late order; status page /status/${page.slug} ${page.published_at ? 'published' : 'NOT published'} with ${page.updates.length} updates`;
      },
    };
  },
};
