import { declareTemplateKey } from '../../comms/index.ts';
import type { Language } from '../../comms/templates/languages.ts';
import type { TemplateTexts } from '../../comms/templates/template-fields.ts';
import { getTemplate, saveTemplate } from '../../comms/templates/templates.sql.ts';
import type { Db } from '../../platform/db/database.ts';
import type { DeliveryStatus } from '../events/carrier-update.ts';

export const DELAY_NOTICE = 'delivery.delay_notice';

const VARIABLES = {
  order: { description: 'The customer\'s order number', sample: 'SO-10042' },
  carrier: { description: 'The carrier', sample: 'PostNord' },
  tracking_code: { description: 'The tracking code', sample: '00370712345678901234' },
  status: { description: 'Where the parcel is now, in their language', sample: 'in transit' },
  promised: { description: 'The delivery date promised at checkout, in their language', sample: '17 November 2026' },
  estimate: { description: 'The new estimate in their language, or that the carrier has not given one yet', sample: '24 November 2026' },
  tracker_url: { description: 'Their order\'s tracker page: a signed link that expires in 60 days', sample: 'https://care.example.com/track?t=…' },
};

interface Words {
  subject: string;
  hello: string;
  body: string;
  estimate: string;
  sorry: string;
  track: string;
  sms: string;
}

const notice = (w: Words): TemplateTexts => ({
  email_subject: w.subject,
  email_html: `<p>${w.hello}</p><p>${w.body}</p><p>${w.estimate}</p><p><a href="{{tracker_url}}">${w.track}</a></p><p>${w.sorry}</p>`,
  email_text: `${w.hello}\n\n${w.body.replace(/<\/?strong>/g, '')}\n\n${w.estimate.replace(/<\/?strong>/g, '')}\n\n${w.track}: {{tracker_url}}\n\n${w.sorry}\n`,
  sms_text: w.sms,
});

/** Each customer's own order, status and estimate; no sales talk (a service message, decision 017). */
const TEXTS: Record<Language, TemplateTexts> = {
  en: notice({
    subject: 'Your order {{order}} is delayed',
    hello: 'Dear {{customer.name}},',
    body: 'Your order <strong>{{order}}</strong> was promised for {{promised}} and has not reached you yet. It is now: <strong>{{status}}</strong> ({{carrier}}, tracking {{tracking_code}}).',
    estimate: 'New estimated delivery: <strong>{{estimate}}</strong>. We will write again if it changes.',
    sorry: 'We are sorry for the wait.',
    track: 'Follow your order',
    sms: 'Order {{order}} is delayed: {{status}}. New estimate: {{estimate}}. {{carrier}} {{tracking_code}} {{tracker_url}}',
  }),
  ru: notice({
    subject: 'Ваш заказ {{order}} задерживается',
    hello: 'Здравствуйте, {{customer.name}}!',
    body: 'Ваш заказ <strong>{{order}}</strong> должен был прийти {{promised}}, но ещё не доставлен. Сейчас: <strong>{{status}}</strong> ({{carrier}}, трек-номер {{tracking_code}}).',
    estimate: 'Новый ожидаемый срок доставки: <strong>{{estimate}}</strong>. Если он изменится, мы напишем снова.',
    sorry: 'Приносим извинения за ожидание.',
    track: 'Следить за заказом',
    sms: 'Заказ {{order}} задерживается: {{status}}. Новый срок: {{estimate}}. {{carrier}} {{tracking_code}} {{tracker_url}}',
  }),
  uk: notice({
    subject: 'Ваше замовлення {{order}} затримується',
    hello: 'Вітаємо, {{customer.name}}!',
    body: 'Ваше замовлення <strong>{{order}}</strong> мало надійти {{promised}}, але ще не доставлене. Зараз: <strong>{{status}}</strong> ({{carrier}}, трек-номер {{tracking_code}}).',
    estimate: 'Новий очікуваний термін доставки: <strong>{{estimate}}</strong>. Якщо він зміниться, ми напишемо знову.',
    sorry: 'Просимо вибачення за очікування.',
    track: 'Стежити за замовленням',
    sms: 'Замовлення {{order}} затримується: {{status}}. Новий термін: {{estimate}}. {{carrier}} {{tracking_code}} {{tracker_url}}',
  }),
  sv: notice({
    subject: 'Din order {{order}} är försenad',
    hello: 'Hej {{customer.name}},',
    body: 'Din order <strong>{{order}}</strong> skulle levereras {{promised}} och har inte kommit fram ännu. Just nu: <strong>{{status}}</strong> ({{carrier}}, spårningsnummer {{tracking_code}}).',
    estimate: 'Ny beräknad leverans: <strong>{{estimate}}</strong>. Vi hör av oss igen om den ändras.',
    sorry: 'Vi ber om ursäkt för väntan.',
    track: 'Följ din order',
    sms: 'Order {{order}} är försenad: {{status}}. Ny beräknad leverans: {{estimate}}. {{carrier}} {{tracking_code}} {{tracker_url}}',
  }),
};

/** The statuses in the customers' words. */
export const STATUS_WORDS: Record<Language, Record<DeliveryStatus | 'not_scanned', string>> = {
  en: { pre_transit: 'label created, waiting for the carrier', not_scanned: 'handed to the carrier, not scanned yet', in_transit: 'in transit', out_for_delivery: 'out for delivery', available_for_pickup: 'ready for pickup', delivered: 'delivered', failed_attempt: 'a delivery attempt failed', exception: 'held up at the carrier', return_to_sender: 'on its way back to us', cancelled: 'cancelled', unknown: 'no news from the carrier' },
  ru: { pre_transit: 'этикетка создана, ждёт перевозчика', not_scanned: 'передан перевозчику, ещё не отсканирован', in_transit: 'в пути', out_for_delivery: 'передан курьеру', available_for_pickup: 'ждёт в пункте выдачи', delivered: 'доставлен', failed_attempt: 'попытка доставки не удалась', exception: 'задержан у перевозчика', return_to_sender: 'возвращается к нам', cancelled: 'отменён', unknown: 'нет данных от перевозчика' },
  uk: { pre_transit: 'етикетку створено, чекає на перевізника', not_scanned: 'передано перевізнику, ще не відскановано', in_transit: 'у дорозі', out_for_delivery: 'передано кур’єру', available_for_pickup: 'чекає в пункті видачі', delivered: 'доставлено', failed_attempt: 'спроба доставки не вдалася', exception: 'затримано у перевізника', return_to_sender: 'повертається до нас', cancelled: 'скасовано', unknown: 'немає даних від перевізника' },
  sv: { pre_transit: 'etikett skapad, väntar på transportören', not_scanned: 'lämnad till transportören, ännu inte skannad', in_transit: 'på väg', out_for_delivery: 'ute för leverans', available_for_pickup: 'redo att hämtas', delivered: 'levererad', failed_attempt: 'ett leveransförsök misslyckades', exception: 'försenad hos transportören', return_to_sender: 'på väg tillbaka till oss', cancelled: 'avbruten', unknown: 'inget besked från transportören' },
};

export const NO_ESTIMATE: Record<Language, string> = {
  en: 'not given by the carrier yet', ru: 'перевозчик пока не сообщил', uk: 'перевізник ще не повідомив', sv: 'inte angiven av transportören ännu',
};

const LOCALES: Record<Language, string> = { en: 'en-GB', ru: 'ru-RU', uk: 'uk-UA', sv: 'sv-SE' };

/** A calendar day (YYYY-MM-DD) as the reader writes dates. */
export const dayIn = (language: Language, day: string): string =>
  new Intl.DateTimeFormat(LOCALES[language], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));

/** Written only where no text exists yet: a designer's edits survive a restart. */
export async function installDelayNoticeTemplates(db: Db): Promise<void> {
  await declareTemplateKey(db, { key: DELAY_NOTICE, description: 'A customer\'s own late order: status, new estimate (issue 15.4)', variables: VARIABLES });
  for (const [language, texts] of Object.entries(TEXTS) as [Language, TemplateTexts][]) {
    if (!(await getTemplate(db, DELAY_NOTICE, language))) await saveTemplate(db, DELAY_NOTICE, language, texts, 'rebound');
  }
}
