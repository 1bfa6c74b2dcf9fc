/** Per-consumer texts of the recall notice, in the consumer's language. */
export type NoticeLanguage = 'en' | 'ru' | 'uk' | 'sv';

const LOCALE: Record<NoticeLanguage, string> = { en: 'en-GB', ru: 'ru-RU', uk: 'uk-UA', sv: 'sv-SE' };

const money = (language: NoticeLanguage, minor: number, currency: string) =>
  new Intl.NumberFormat(LOCALE[language], { style: 'currency', currency }).format(minor / 100);
const day = (language: NoticeLanguage, at: Date, timeZone: string) =>
  new Intl.DateTimeFormat(LOCALE[language], { day: 'numeric', month: 'long', year: 'numeric', timeZone }).format(at);

const OFFER_TEXT: Record<NoticeLanguage, { voucher: (value: string, code: string, until: string) => string; refund: (value: string) => string }> = {
  en: { voucher: (v, c, u) => `a voucher worth ${v}: ${c} (valid until ${u})`, refund: (v) => `a refund of ${v} — claim it on the recall page` },
  ru: { voucher: (v, c, u) => `купон на сумму ${v}: ${c} (действует до ${u})`, refund: (v) => `возврат ${v} — оформите его на странице отзыва` },
  uk: { voucher: (v, c, u) => `купон на суму ${v}: ${c} (дійсний до ${u})`, refund: (v) => `повернення ${v} — оформіть його на сторінці відкликання` },
  sv: { voucher: (v, c, u) => `ett presentkort värt ${v}: ${c} (giltigt till ${u})`, refund: (v) => `återbetalning av ${v} — begär den på sidan om återkallelsen` },
};

const ONLINE: Record<NoticeLanguage, string> = { en: 'online', ru: 'в интернет-магазине', uk: 'в інтернет-магазині', sv: 'på nätet' };

export function asNoticeLanguage(value: string): NoticeLanguage {
  return value === 'ru' || value === 'uk' || value === 'sv' ? value : 'en';
}

export function purchasedText(language: NoticeLanguage, at: Date, store: string | null, timeZone: string): string {
  return `${day(language, at, timeZone)}, ${store ?? ONLINE[language]}`;
}

export function offerText(
  language: NoticeLanguage,
  offer: { offer_type: string; value_minor: number; currency: string; voucher_code: string | null; voucher_expires_at: Date | null },
  timeZone: string,
): string {
  const value = money(language, offer.value_minor, offer.currency);
  return offer.offer_type === 'voucher' && offer.voucher_code && offer.voucher_expires_at
    ? OFFER_TEXT[language].voucher(value, offer.voucher_code, day(language, offer.voucher_expires_at, timeZone))
    : OFFER_TEXT[language].refund(value);
}
