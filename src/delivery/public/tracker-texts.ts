import type { PublicLanguage } from '../../platform/http/accept-language.ts';

export interface TrackerWords {
  title: string;
  order: string;
  carrier: string;
  tracking: string;
  status: string;
  promised: string;
  estimate: string;
  delivered: string;
  late: string;
  events: string;
  noEvents: string;
  compensation: string;
  compensationOptions: Record<string, string>;
  points: string;
  noCompensation: string;
  contact: string;
  contactText: string;
  contactReply: string;
}

export const TRACKER_TEXT: Record<PublicLanguage, TrackerWords> = {
  en: {
    title: 'Your order {order}', order: 'Order', carrier: 'Carrier', tracking: 'Tracking code', status: 'Where it is now', promised: 'Promised for',
    estimate: 'New estimated delivery', delivered: 'Delivered', late: 'We are sorry: your order is later than we promised. This page shows what we know, as soon as the carrier tells us.',
    events: 'What the carrier reported', noEvents: 'The carrier has not reported anything yet.', compensation: 'What we give you for the wait',
    compensationOptions: { shipping_refund: 'Your shipping cost back', coupon: 'A coupon', partial_refund: 'Part of the price back', gift: 'A gift voucher', loyalty_points: 'Loyalty points' },
    points: '{points} points', noCompensation: 'Nothing yet: if your order is eligible, we will write to you.', contact: 'Questions?',
    contactText: 'Reply to the message that brought you here, or write to us at {address}.',
    contactReply: 'Reply to the message that brought you here, or contact our customer service.',
  },
  ru: {
    title: 'Ваш заказ {order}', order: 'Заказ', carrier: 'Перевозчик', tracking: 'Трек-номер', status: 'Где он сейчас', promised: 'Обещанная дата',
    estimate: 'Новый ожидаемый срок', delivered: 'Доставлен', late: 'Приносим извинения: заказ задерживается. Здесь то, что мы знаем, — сразу, как только сообщит перевозчик.',
    events: 'Что сообщил перевозчик', noEvents: 'Перевозчик пока ничего не сообщил.', compensation: 'Что мы даём вам за ожидание',
    compensationOptions: { shipping_refund: 'Возврат стоимости доставки', coupon: 'Купон', partial_refund: 'Возврат части цены', gift: 'Подарочный сертификат', loyalty_points: 'Бонусные баллы' },
    points: '{points} баллов', noCompensation: 'Пока ничего: если заказ подходит под условия, мы напишем вам.', contact: 'Есть вопросы?',
    contactText: 'Ответьте на сообщение, из которого вы пришли, или напишите нам: {address}.',
    contactReply: 'Ответьте на сообщение, из которого вы пришли, или обратитесь в нашу службу поддержки.',
  },
  uk: {
    title: 'Ваше замовлення {order}', order: 'Замовлення', carrier: 'Перевізник', tracking: 'Трек-номер', status: 'Де воно зараз', promised: 'Обіцяна дата',
    estimate: 'Новий очікуваний термін', delivered: 'Доставлено', late: 'Просимо вибачення: замовлення затримується. Тут те, що ми знаємо, — щойно повідомить перевізник.',
    events: 'Що повідомив перевізник', noEvents: 'Перевізник поки нічого не повідомив.', compensation: 'Що ми даємо вам за очікування',
    compensationOptions: { shipping_refund: 'Повернення вартості доставки', coupon: 'Купон', partial_refund: 'Повернення частини ціни', gift: 'Подарунковий сертифікат', loyalty_points: 'Бонусні бали' },
    points: '{points} балів', noCompensation: 'Поки нічого: якщо замовлення відповідає умовам, ми напишемо вам.', contact: 'Маєте питання?',
    contactText: 'Дайте відповідь на повідомлення, з якого ви прийшли, або напишіть нам: {address}.',
    contactReply: 'Дайте відповідь на повідомлення, з якого ви прийшли, або зверніться до нашої служби підтримки.',
  },
  sv: {
    title: 'Din order {order}', order: 'Order', carrier: 'Transportör', tracking: 'Spårningsnummer', status: 'Var den är nu', promised: 'Utlovad till',
    estimate: 'Ny beräknad leverans', delivered: 'Levererad', late: 'Vi ber om ursäkt: din order är senare än vi lovade. Här ser du det vi vet, så snart transportören berättar det.',
    events: 'Det transportören har rapporterat', noEvents: 'Transportören har inte rapporterat något ännu.', compensation: 'Det du får för väntan',
    compensationOptions: { shipping_refund: 'Fraktkostnaden tillbaka', coupon: 'En rabattkod', partial_refund: 'En del av priset tillbaka', gift: 'Ett presentkort', loyalty_points: 'Bonuspoäng' },
    points: '{points} poäng', noCompensation: 'Inget ännu: om din order omfattas skriver vi till dig.', contact: 'Frågor?',
    contactText: 'Svara på meddelandet som tog dig hit, eller skriv till oss på {address}.',
    contactReply: 'Svara på meddelandet som tog dig hit, eller kontakta vår kundtjänst.',
  },
};
