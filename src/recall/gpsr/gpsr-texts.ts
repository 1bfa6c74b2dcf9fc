import type { RecallLanguage } from '../recall-definition.ts';

/**
 * The fixed words of the GPSR recall notice (Regulation (EU) 2023/988, Art. 36 and its
 * template): the title "Product safety recall", the headings, what consumers must do and the
 * remedy. Plain words only: Art. 36(3) forbids wording that lessens the perceived risk, so none
 * of FORBIDDEN_WORDS may appear here (a test checks every language).
 */
export interface NoticeTexts {
  title: string;
  product: string;
  brand: string;
  gtin: string;
  lots: string;
  serials: string;
  useBy: string;
  picture: string;
  noPicture: string;
  hazard: string;
  whatToDo: string;
  actions: string[];
  remedy: string;
  remedyText: string;
  contact: string;
  contactMissing: string;
  reference: string;
  date: string;
}

export const NOTICE_TEXTS: Record<RecallLanguage, NoticeTexts> = {
  en: {
    title: 'Product safety recall', product: 'Product', brand: 'Brand', gtin: 'GTIN (barcode)', lots: 'Lot numbers', serials: 'Serial numbers', useBy: 'use by',
    picture: 'Picture', noPicture: 'No picture of the product is on record.', hazard: 'The hazard', whatToDo: 'What you must do',
    actions: ['Stop using this product immediately.', 'Check the lot number on the pack against the list above.', 'Do not throw the product away: return it, or keep it until you are told how to return it.'],
    remedy: 'What you get', remedyText: 'You get your money back or a voucher for the product, free of charge to you. Customers we know are told their offer directly; others can claim it with the company below.',
    contact: 'Contact', contactMissing: 'The company has not yet given a safety contact.', reference: 'Recall reference', date: 'Date',
  },
  ru: {
    title: 'Отзыв продукции по соображениям безопасности', product: 'Продукт', brand: 'Бренд', gtin: 'GTIN (штрихкод)', lots: 'Номера партий', serials: 'Серийные номера', useBy: 'годен до',
    picture: 'Фото', noPicture: 'Фото продукта отсутствует.', hazard: 'Опасность', whatToDo: 'Что вы должны сделать',
    actions: ['Немедленно прекратите пользоваться этим продуктом.', 'Сверьте номер партии на упаковке со списком выше.', 'Не выбрасывайте продукт: верните его или сохраните, пока вам не скажут, как его вернуть.'],
    remedy: 'Что вы получите', remedyText: 'Вы получите деньги обратно или ваучер за продукт бесплатно для вас. Известным нам покупателям мы сообщим их предложение напрямую; остальные могут обратиться в компанию по контактам ниже.',
    contact: 'Контакты', contactMissing: 'Компания ещё не указала контакт по вопросам безопасности.', reference: 'Номер отзыва', date: 'Дата',
  },
  uk: {
    title: 'Відкликання продукції з міркувань безпеки', product: 'Продукт', brand: 'Бренд', gtin: 'GTIN (штрихкод)', lots: 'Номери партій', serials: 'Серійні номери', useBy: 'придатний до',
    picture: 'Фото', noPicture: 'Фото продукту відсутнє.', hazard: 'Небезпека', whatToDo: 'Що ви маєте зробити',
    actions: ['Негайно припиніть користуватися цим продуктом.', 'Звірте номер партії на упаковці зі списком вище.', 'Не викидайте продукт: поверніть його або збережіть, доки вам не скажуть, як його повернути.'],
    remedy: 'Що ви отримаєте', remedyText: 'Ви отримаєте гроші назад або ваучер за продукт безкоштовно для вас. Відомим нам покупцям ми повідомимо їхню пропозицію напряму; інші можуть звернутися до компанії за контактами нижче.',
    contact: 'Контакти', contactMissing: 'Компанія ще не вказала контакт з питань безпеки.', reference: 'Номер відкликання', date: 'Дата',
  },
  sv: {
    title: 'Återkallelse av produkt av säkerhetsskäl', product: 'Produkt', brand: 'Varumärke', gtin: 'GTIN (streckkod)', lots: 'Batchnummer', serials: 'Serienummer', useBy: 'sista förbrukningsdag',
    picture: 'Bild', noPicture: 'Ingen bild av produkten finns registrerad.', hazard: 'Risken', whatToDo: 'Det här måste du göra',
    actions: ['Sluta använda produkten omedelbart.', 'Jämför batchnumret på förpackningen med listan ovan.', 'Släng inte produkten: lämna tillbaka den, eller spara den tills du får veta hur du lämnar tillbaka den.'],
    remedy: 'Det här får du', remedyText: 'Du får pengarna tillbaka eller ett värdebevis för produkten, utan kostnad för dig. Kunder vi känner till får sitt erbjudande direkt; andra kan begära det hos företaget nedan.',
    contact: 'Kontakt', contactMissing: 'Företaget har ännu inte angett någon säkerhetskontakt.', reference: 'Återkallelsens referens', date: 'Datum',
  },
};

/**
 * Words that lessen the perceived risk, which Art. 36(3) GPSR forbids in a recall notice
 * ("voluntary", "precautionary", "discretionary", "in the unlikely event", "no reported
 * incidents"), in each language the notice is written in. Matched as word stems, case-insensitive.
 */
export const FORBIDDEN_WORDS: Record<RecallLanguage, RegExp> = {
  en: /voluntar|precaution|discretionar|in the unlikely event|no reported (incident|injur)/i,
  ru: /добровольн|мер[аы]? предосторожности|предупредительн|превентивн|в маловероятном случае/i,
  uk: /добровільн|запобіжн|обережн|у малоймовірному випадку/i,
  sv: /frivillig|försiktighet|i det osannolika fallet/i,
};
