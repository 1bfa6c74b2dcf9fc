import type { PublicLang } from '../i18n.ts';

export type ComplaintTextKey =
  | 'title' | 'lead' | 'orderNumber' | 'orderHelp' | 'email' | 'phone' | 'optional' | 'contactHelp' | 'category' | 'essence' | 'essenceHelp'
  | 'submit' | 'sending' | 'thanks' | 'reference' | 'next' | 'error' | 'leadWithin' | 'answerBy'
  | 'files' | 'filesHelp' | 'filesAttached' | 'fileFailed'
  | 'cat.product_quality' | 'cat.delivery' | 'cat.service' | 'cat.billing' | 'cat.other';

/** The public complaint form, in the four languages of the people Rebound serves. */
export const COMPLAINT_TEXT: Record<PublicLang, Record<ComplaintTextKey, string>> = {
  en: {
    files: 'Photos or documents (optional)', filesHelp: 'Up to 5 files, 10 MB each: a photo of the product, the receipt.', filesAttached: 'Files attached', fileFailed: 'Not attached',
    title: 'Tell us what went wrong', lead: 'We read every complaint and answer it.', leadWithin: 'We read every complaint and answer within {duration} of working time.', orderNumber: 'Order number', orderHelp: 'On your receipt or in the order confirmation.',
    email: 'E-mail used for the order', phone: 'Phone used for the order', optional: 'if you ordered by phone', contactHelp: 'We check it against the order, so that only you can complain about your order.',
    category: 'What is it about?', essence: 'What happened', essenceHelp: 'A few sentences are enough.', submit: 'Send', sending: 'Sending…',
    thanks: 'Thank you. We have your complaint.', answerBy: 'We will answer by {when} (your time zone).', reference: 'Your reference', next: 'Keep this reference; our reply will mention it.', error: 'Something went wrong. Please try again.',
    'cat.product_quality': 'A product', 'cat.delivery': 'Delivery', 'cat.service': 'Service in a store or on the phone', 'cat.billing': 'Payment or price', 'cat.other': 'Something else',
  },
  ru: {
    files: 'Фото или документы (необязательно)', filesHelp: 'До 5 файлов по 10 МБ: фото товара, чек.', filesAttached: 'Прикреплено файлов', fileFailed: 'Не прикреплён',
    title: 'Расскажите, что пошло не так', lead: 'Мы читаем каждую жалобу и отвечаем на неё.', leadWithin: 'Мы читаем каждую жалобу и отвечаем за {duration} рабочего времени.', orderNumber: 'Номер заказа', orderHelp: 'На чеке или в подтверждении заказа.',
    email: 'Эл. почта, указанная в заказе', phone: 'Телефон, указанный в заказе', optional: 'если заказывали по телефону', contactHelp: 'Мы сверяем его с заказом, чтобы жаловаться на ваш заказ могли только вы.',
    category: 'О чём жалоба?', essence: 'Что случилось', essenceHelp: 'Достаточно нескольких предложений.', submit: 'Отправить', sending: 'Отправляем…',
    thanks: 'Спасибо. Мы получили вашу жалобу.', answerBy: 'Мы ответим до {when} (по вашему времени).', reference: 'Номер обращения', next: 'Сохраните номер — он будет в нашем ответе.', error: 'Что-то пошло не так. Попробуйте ещё раз.',
    'cat.product_quality': 'Товар', 'cat.delivery': 'Доставка', 'cat.service': 'Обслуживание в магазине или по телефону', 'cat.billing': 'Оплата или цена', 'cat.other': 'Другое',
  },
  uk: {
    files: 'Фото або документи (необов’язково)', filesHelp: 'До 5 файлів по 10 МБ: фото товару, чек.', filesAttached: 'Прикріплено файлів', fileFailed: 'Не прикріплено',
    title: 'Розкажіть, що пішло не так', lead: 'Ми читаємо кожну скаргу й відповідаємо на неї.', leadWithin: 'Ми читаємо кожну скаргу й відповідаємо за {duration} робочого часу.', orderNumber: 'Номер замовлення', orderHelp: 'На чеку або в підтвердженні замовлення.',
    email: 'Ел. пошта із замовлення', phone: 'Телефон із замовлення', optional: 'якщо замовляли телефоном', contactHelp: 'Ми звіряємо її із замовленням, щоб скаржитися на ваше замовлення могли лише ви.',
    category: 'Про що скарга?', essence: 'Що сталося', essenceHelp: 'Достатньо кількох речень.', submit: 'Надіслати', sending: 'Надсилаємо…',
    thanks: 'Дякуємо. Ми отримали вашу скаргу.', answerBy: 'Ми відповімо до {when} (за вашим часом).', reference: 'Номер звернення', next: 'Збережіть номер — він буде в нашій відповіді.', error: 'Щось пішло не так. Спробуйте ще раз.',
    'cat.product_quality': 'Товар', 'cat.delivery': 'Доставка', 'cat.service': 'Обслуговування в магазині чи телефоном', 'cat.billing': 'Оплата або ціна', 'cat.other': 'Інше',
  },
  sv: {
    files: 'Foton eller dokument (frivilligt)', filesHelp: 'Upp till 5 filer, 10 MB var: ett foto av produkten, kvittot.', filesAttached: 'Bifogade filer', fileFailed: 'Inte bifogad',
    title: 'Berätta vad som gick fel', lead: 'Vi läser varje klagomål och svarar på det.', leadWithin: 'Vi läser varje klagomål och svarar inom {duration} arbetstid.', orderNumber: 'Ordernummer', orderHelp: 'På kvittot eller i orderbekräftelsen.',
    email: 'E-post som användes för ordern', phone: 'Telefon som användes för ordern', optional: 'om du beställde per telefon', contactHelp: 'Vi jämför den med ordern, så att bara du kan klaga på din order.',
    category: 'Vad gäller det?', essence: 'Vad hände', essenceHelp: 'Några meningar räcker.', submit: 'Skicka', sending: 'Skickar…',
    thanks: 'Tack. Vi har tagit emot ditt klagomål.', answerBy: 'Vi svarar senast {when} (din tidszon).', reference: 'Ditt ärendenummer', next: 'Spara numret; vårt svar hänvisar till det.', error: 'Något gick fel. Försök igen.',
    'cat.product_quality': 'En produkt', 'cat.delivery': 'Leverans', 'cat.service': 'Bemötande i butik eller i telefon', 'cat.billing': 'Betalning eller pris', 'cat.other': 'Något annat',
  },
};
