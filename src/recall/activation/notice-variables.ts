/** Per-consumer texts of the recall notice, in the consumer's language. */
export type NoticeLanguage = 'en' | 'ru' | 'uk' | 'sv';

const LOCALE: Record<NoticeLanguage, string> = { en: 'en-GB', ru: 'ru-RU', uk: 'uk-UA', sv: 'sv-SE' };

// Building an Intl formatter costs far more than using one; a recall notice formats a date and
// an amount for each of 100,000+ consumers, in a handful of languages, currencies and zones.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, make: () => F): F {
  let formatter = formatters.get(key) as F | undefined;
  if (!formatter) {
    if (formatters.size > 1000) formatters.clear();
    formatter = make();
    formatters.set(key, formatter);
  }
  return formatter;
}
const money = (language: NoticeLanguage, minor: number, currency: string) =>
  cached(`money|${language}|${currency}`, () => new Intl.NumberFormat(LOCALE[language], { style: 'currency', currency })).format(minor / 100);
const day = (language: NoticeLanguage, at: Date, timeZone: string) =>
  cached(`day|${language}|${timeZone}`, () => new Intl.DateTimeFormat(LOCALE[language], { day: 'numeric', month: 'long', year: 'numeric', timeZone })).format(at);

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
