import type { PublicLanguage } from '../../platform/http/accept-language.ts';

export interface StatusPageWords {
  resolved: string;
  ongoing: string;
  affected: string;
  regions: string;
  carriers: string;
  updates: string;
  noUpdates: string;
  faq: string;
  subscribe: string;
  subscribeLead: string;
  email: string;
  subscribeButton: string;
  sent: string;
  confirmTitle: string;
  confirmLead: string;
  confirmButton: string;
  confirmed: string;
  leaveTitle: string;
  leaveLead: string;
  leaveButton: string;
  left: string;
  back: string;
  utc: string;
  trackerLink: string;
  /** Shown when staff have not written (part of) the page in this language and English is shown instead. */
  onlyEnglish: string;
}

export const STATUS_TEXT: Record<PublicLanguage, StatusPageWords> = {
  en: {
    resolved: 'Resolved', ongoing: 'We are working on it', affected: 'Who is affected', regions: 'Regions', carriers: 'Carriers',
    updates: 'Updates', noUpdates: 'No updates yet.', faq: 'Questions and answers', subscribe: 'Get updates by e-mail',
    subscribeLead: 'We send a link to your address: your subscription starts only when you open it. You can leave with one click in every e-mail.',
    email: 'E-mail address', subscribeButton: 'Subscribe',
    sent: 'Thank you. If the address can receive mail, a confirmation link is on its way to it; it works for 48 hours. Nothing is stored until you open it.',
    confirmTitle: 'Confirm your subscription', confirmLead: 'Get an e-mail each time we post an update about: {title}', confirmButton: 'Yes, send me updates',
    confirmed: 'Done: you will receive an e-mail with each new update. Every e-mail has a link to stop them.',
    leaveTitle: 'Stop updates', leaveLead: 'Stop the e-mails about: {title}', leaveButton: 'Stop the e-mails', left: 'Done: you will not receive more updates about this.',
    back: 'Back to the status page', utc: 'UTC', trackerLink: 'Your order is affected by a known delivery problem: read what happened and what we do about it',
    onlyEnglish: 'Part of this page is not written in your language yet: it is shown in English.',
  },
  ru: {
    resolved: 'Решено', ongoing: 'Мы работаем над этим', affected: 'Кого это касается', regions: 'Регионы', carriers: 'Перевозчики',
    updates: 'Новости', noUpdates: 'Пока новостей нет.', faq: 'Вопросы и ответы', subscribe: 'Получать новости по e-mail',
    subscribeLead: 'Мы пришлём ссылку на ваш адрес: подписка начнётся, только когда вы её откроете. Отписаться можно одним щелчком в каждом письме.',
    email: 'Адрес e-mail', subscribeButton: 'Подписаться',
    sent: 'Спасибо. Если на этот адрес можно доставить письмо, ссылка для подтверждения уже в пути; она действует 48 часов. Пока вы её не откроете, мы ничего не сохраняем.',
    confirmTitle: 'Подтвердите подписку', confirmLead: 'Получать письмо при каждой новости о событии: {title}', confirmButton: 'Да, присылайте новости',
    confirmed: 'Готово: вы будете получать письмо о каждой новости. В каждом письме есть ссылка, чтобы отписаться.',
    leaveTitle: 'Отписаться', leaveLead: 'Больше не присылать письма о событии: {title}', leaveButton: 'Отписаться', left: 'Готово: больше писем об этом не будет.',
    back: 'Назад к странице статуса', utc: 'UTC', trackerLink: 'Ваш заказ затронут известной проблемой с доставкой: что случилось и что мы делаем',
    onlyEnglish: 'Часть этой страницы пока не переведена: она показана на английском.',
  },
  uk: {
    resolved: 'Вирішено', ongoing: 'Ми працюємо над цим', affected: 'Кого це стосується', regions: 'Регіони', carriers: 'Перевізники',
    updates: 'Новини', noUpdates: 'Поки що новин немає.', faq: 'Запитання та відповіді', subscribe: 'Отримувати новини e-mail',
    subscribeLead: 'Ми надішлемо посилання на вашу адресу: підписка почнеться, лише коли ви його відкриєте. Відписатися можна одним клацанням у кожному листі.',
    email: 'Адреса e-mail', subscribeButton: 'Підписатися',
    sent: 'Дякуємо. Якщо на цю адресу можна доставити лист, посилання для підтвердження вже в дорозі; воно діє 48 годин. Доки ви його не відкриєте, ми нічого не зберігаємо.',
    confirmTitle: 'Підтвердьте підписку', confirmLead: 'Отримувати лист про кожну новину щодо події: {title}', confirmButton: 'Так, надсилайте новини',
    confirmed: 'Готово: ви отримуватимете лист про кожну новину. У кожному листі є посилання, щоб відписатися.',
    leaveTitle: 'Відписатися', leaveLead: 'Більше не надсилати листи щодо події: {title}', leaveButton: 'Відписатися', left: 'Готово: більше листів про це не буде.',
    back: 'Назад до сторінки статусу', utc: 'UTC', trackerLink: 'Ваше замовлення зачепила відома проблема з доставкою: що сталося і що ми робимо',
    onlyEnglish: 'Частину цієї сторінки ще не перекладено: її показано англійською.',
  },
  sv: {
    resolved: 'Löst', ongoing: 'Vi arbetar med det', affected: 'Vem som berörs', regions: 'Regioner', carriers: 'Transportörer',
    updates: 'Uppdateringar', noUpdates: 'Inga uppdateringar ännu.', faq: 'Frågor och svar', subscribe: 'Få uppdateringar via e-post',
    subscribeLead: 'Vi skickar en länk till din adress: prenumerationen börjar först när du öppnar den. Du kan avsluta med ett klick i varje e-postmeddelande.',
    email: 'E-postadress', subscribeButton: 'Prenumerera',
    sent: 'Tack. Om adressen kan ta emot e-post är en bekräftelselänk på väg dit; den gäller i 48 timmar. Inget sparas innan du öppnar den.',
    confirmTitle: 'Bekräfta din prenumeration', confirmLead: 'Få ett e-postmeddelande varje gång vi publicerar en uppdatering om: {title}', confirmButton: 'Ja, skicka uppdateringar',
    confirmed: 'Klart: du får ett e-postmeddelande för varje ny uppdatering. Varje meddelande har en länk för att avsluta.',
    leaveTitle: 'Avsluta uppdateringar', leaveLead: 'Sluta skicka e-post om: {title}', leaveButton: 'Avsluta', left: 'Klart: du får inga fler uppdateringar om detta.',
    back: 'Tillbaka till statussidan', utc: 'UTC', trackerLink: 'Din order berörs av ett känt leveransproblem: läs vad som hänt och vad vi gör åt det',
    onlyEnglish: 'En del av sidan är inte översatt ännu: den visas på engelska.',
  },
};
