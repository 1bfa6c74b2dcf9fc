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

/** A lot the consumer bought, as recall_affected_consumers keeps it. */
export interface BoughtLot {
  lot: string;
  /** YYYY-MM-DD, null for products without one. */
  use_by: string | null;
}

const LOT_TEXT: Record<NoticeLanguage, { one: string; many: string; useBy: (date: string) => string; unknown: string }> = {
  en: { one: 'lot', many: 'lots', useBy: (d) => `use by ${d}`, unknown: 'lot not recorded at the till' },
  ru: { one: 'партия', many: 'партии', useBy: (d) => `годен до ${d}`, unknown: 'партия не записана на кассе' },
  uk: { one: 'партія', many: 'партії', useBy: (d) => `придатний до ${d}`, unknown: 'партію не записано на касі' },
  sv: { one: 'parti', many: 'partier', useBy: (d) => `sista förbrukningsdag ${d}`, unknown: 'partiet registrerades inte i kassan' },
};

/** "lot L24113-1 (use by 20 December 2026)": the lots and use-by dates printed on the consumer's packs. */
export function lotsText(language: NoticeLanguage, lots: readonly BoughtLot[]): string {
  const words = LOT_TEXT[language];
  if (!lots.length) return words.unknown;
  const sorted = [...lots].sort((a, b) => a.lot.localeCompare(b.lot));
  // A use-by date is a calendar day, not an instant: formatted in UTC it stays the printed day.
  const each = sorted.map((l) => (l.use_by ? `${l.lot} (${words.useBy(day(language, new Date(`${l.use_by}T00:00:00Z`), 'UTC'))})` : l.lot));
  return `${sorted.length === 1 ? words.one : words.many} ${each.join(', ')}`;
}

const OFFER_SENTENCE: Record<NoticeLanguage, { offer: (offers: string) => string; none: string }> = {
  en: { offer: (o) => `To make up for it we offer you ${o}.`, none: 'The recall page explains how to claim a refund.' },
  ru: { offer: (o) => `В качестве компенсации мы предлагаем вам ${o}.`, none: 'Как получить возврат денег, рассказано на странице отзыва.' },
  uk: { offer: (o) => `Як компенсацію ми пропонуємо вам ${o}.`, none: 'Як отримати повернення коштів, розказано на сторінці відкликання.' },
  sv: { offer: (o) => `Som kompensation erbjuder vi dig ${o}.`, none: 'På sidan om återkallelsen står hur du får pengarna tillbaka.' },
};

/** The compensation as a whole sentence, so a consumer without an offer never reads "we offer you ." */
export function offerSentence(language: NoticeLanguage, offers: readonly string[]): string {
  return offers.length ? OFFER_SENTENCE[language].offer(offers.join('; ')) : OFFER_SENTENCE[language].none;
}
