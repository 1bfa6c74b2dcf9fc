import type { PublicLang } from '../i18n.ts';

export type ClaimTextKey =
  | 'title' | 'help' | 'name' | 'email' | 'phone' | 'contactHelp' | 'code' | 'codeHelp' | 'quantity' | 'want' | 'refund' | 'voucher'
  | 'accountHolder' | 'iban' | 'bic' | 'optional' | 'submit' | 'sending' | 'approved' | 'review' | 'rejected' | 'yourVoucher' | 'validUntil'
  | 'refundOf' | 'refundSent' | 'claimRef' | 'statusLink' | 'statusTitle' | 'linkInvalid' | 'error' | 'already';

/** The claim form and claim status page, in the four languages of the people Rebound writes to. */
export const CLAIM_TEXT: Record<PublicLang, Record<ClaimTextKey, string>> = {
  en: {
    title: 'Claim your compensation',
    help: 'Tell us what you bought. Claims within our rules are approved at once; others are checked by a person within two days.',
    name: 'Your name', email: 'E-mail', phone: 'Phone', contactHelp: 'Give an e-mail address or a phone number.',
    code: 'Lot number or code on the pack', codeHelp: 'As printed next to the best-before date, or the text under the barcode.',
    quantity: 'How many packs', want: 'I would like', refund: 'My money back (bank transfer)', voucher: 'A voucher for the shop (may be worth more)',
    accountHolder: 'Account holder', iban: 'IBAN', bic: 'BIC', optional: 'optional', submit: 'Send my claim', sending: 'Sending…',
    approved: 'Your claim is approved.', review: 'Thank you. A person will check your claim within two days.', rejected: 'We could not approve your claim.',
    yourVoucher: 'Your voucher code', validUntil: 'valid until', refundOf: 'We will transfer {amount} to your account.', refundSent: 'The transfer has been sent to the bank.',
    claimRef: 'Claim reference', statusLink: 'Follow your claim here (keep this link)', statusTitle: 'Your claim',
    linkInvalid: 'This link is not valid or has expired.', error: 'Something went wrong. Please try again.', already: 'You have already claimed; here is your claim.',
  },
  ru: {
    title: 'Получите компенсацию',
    help: 'Расскажите, что вы купили. Заявки в рамках наших правил одобряются сразу; остальные проверит сотрудник в течение двух дней.',
    name: 'Ваше имя', email: 'Эл. почта', phone: 'Телефон', contactHelp: 'Укажите адрес эл. почты или номер телефона.',
    code: 'Номер партии или код на упаковке', codeHelp: 'Напечатан рядом со сроком годности или под штрихкодом.',
    quantity: 'Сколько упаковок', want: 'Я хочу', refund: 'Вернуть деньги (банковский перевод)', voucher: 'Ваучер на покупки (может быть больше суммы)',
    accountHolder: 'Владелец счёта', iban: 'IBAN', bic: 'BIC', optional: 'необязательно', submit: 'Отправить заявку', sending: 'Отправляем…',
    approved: 'Ваша заявка одобрена.', review: 'Спасибо. Сотрудник проверит вашу заявку в течение двух дней.', rejected: 'Мы не смогли одобрить вашу заявку.',
    yourVoucher: 'Код вашего ваучера', validUntil: 'действует до', refundOf: 'Мы переведём {amount} на ваш счёт.', refundSent: 'Перевод отправлен в банк.',
    claimRef: 'Номер заявки', statusLink: 'Следить за заявкой (сохраните ссылку)', statusTitle: 'Ваша заявка',
    linkInvalid: 'Ссылка недействительна или устарела.', error: 'Что-то пошло не так. Попробуйте ещё раз.', already: 'Вы уже подали заявку; вот она.',
  },
  uk: {
    title: 'Отримайте компенсацію',
    help: 'Розкажіть, що ви купили. Заявки в межах наших правил схвалюються одразу; інші перевірить працівник протягом двох днів.',
    name: "Ваше ім'я", email: 'Ел. пошта', phone: 'Телефон', contactHelp: 'Вкажіть адресу ел. пошти або номер телефону.',
    code: 'Номер партії або код на упаковці', codeHelp: 'Надрукований поруч із терміном придатності або під штрихкодом.',
    quantity: 'Скільки упаковок', want: 'Я хочу', refund: 'Повернути гроші (банківський переказ)', voucher: 'Ваучер на покупки (може бути більшим)',
    accountHolder: 'Власник рахунку', iban: 'IBAN', bic: 'BIC', optional: "необов'язково", submit: 'Надіслати заявку', sending: 'Надсилаємо…',
    approved: 'Вашу заявку схвалено.', review: 'Дякуємо. Працівник перевірить вашу заявку протягом двох днів.', rejected: 'Ми не змогли схвалити вашу заявку.',
    yourVoucher: 'Код вашого ваучера', validUntil: 'дійсний до', refundOf: 'Ми переведемо {amount} на ваш рахунок.', refundSent: 'Переказ надіслано до банку.',
    claimRef: 'Номер заявки', statusLink: 'Стежити за заявкою (збережіть посилання)', statusTitle: 'Ваша заявка',
    linkInvalid: 'Посилання недійсне або застаріле.', error: 'Щось пішло не так. Спробуйте ще раз.', already: 'Ви вже подали заявку; ось вона.',
  },
  sv: {
    title: 'Begär din ersättning',
    help: 'Berätta vad du köpte. Ärenden inom våra regler godkänns direkt; andra granskas av en person inom två dagar.',
    name: 'Ditt namn', email: 'E-post', phone: 'Telefon', contactHelp: 'Ange en e-postadress eller ett telefonnummer.',
    code: 'Batchnummer eller kod på förpackningen', codeHelp: 'Tryckt bredvid bäst före-datumet, eller texten under streckkoden.',
    quantity: 'Antal förpackningar', want: 'Jag vill ha', refund: 'Pengarna tillbaka (banköverföring)', voucher: 'Ett presentkort för butiken (kan vara värt mer)',
    accountHolder: 'Kontoinnehavare', iban: 'IBAN', bic: 'BIC', optional: 'valfritt', submit: 'Skicka min begäran', sending: 'Skickar…',
    approved: 'Din begäran är godkänd.', review: 'Tack. En person granskar din begäran inom två dagar.', rejected: 'Vi kunde inte godkänna din begäran.',
    yourVoucher: 'Din presentkortskod', validUntil: 'giltig till', refundOf: 'Vi överför {amount} till ditt konto.', refundSent: 'Överföringen har skickats till banken.',
    claimRef: 'Ärendenummer', statusLink: 'Följ ditt ärende här (spara länken)', statusTitle: 'Ditt ärende',
    linkInvalid: 'Länken är ogiltig eller har gått ut.', error: 'Något gick fel. Försök igen.', already: 'Du har redan skickat en begäran; här är den.',
  },
};
