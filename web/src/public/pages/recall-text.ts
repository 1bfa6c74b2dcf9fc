import type { PublicLang } from '../i18n.ts';

export type RecallTextKey =
  | 'ask'
  | 'askHelp'
  | 'question'
  | 'askButton'
  | 'noAnswer'
  | 'person'
  | 'yourName'
  | 'yourEmail'
  | 'send'
  | 'handedOver'
  | 'loading'
  | 'notFound'
  | 'classI'
  | 'classII'
  | 'classIII'
  | 'recallOf'
  | 'reference'
  | 'reason'
  | 'whatToDo'
  | 'affected'
  | 'lots'
  | 'expires'
  | 'check'
  | 'checkHelp'
  | 'code'
  | 'checkButton'
  | 'scan'
  | 'recalledThis'
  | 'recalledLot'
  | 'notInThisRecall'
  | 'notInCurrentRecalls'
  | 'useByPassed'
  | 'lotNotFound'
  | 'productNotFound'
  | 'didYouMean'
  | 'needLot'
  | 'needGtin'
  | 'lotField'
  | 'gtinField'
  | 'checkLot'
  | 'badCode'
  | 'faq'
  | 'closed'
  | 'openRecall';

/** The recall pages' own texts, in the four languages of the people Rebound writes to. */
export const RECALL_TEXT: Record<PublicLang, Record<RecallTextKey, string>> = {
  en: {
    ask: 'Ask a question', askHelp: 'We answer from what we know about this recall.', question: 'Your question', askButton: 'Ask', noAnswer: 'We do not have an answer to that here. A person from our team can answer you.', person: 'Talk to a person', yourName: 'Your name', yourEmail: 'Your e-mail', send: 'Send to our team', handedOver: 'Thank you. Our team has your question (case {id}) and will answer you.',
    loading: 'Loading…',
    notFound: 'We could not find this recall. Check the link in our message.',
    classI: 'Serious health risk', classII: 'Health risk', classIII: 'Low risk',
    recallOf: 'Product recall', reference: 'Recall reference', reason: 'Why', whatToDo: 'What to do',
    affected: 'Affected products', lots: 'Lots', expires: 'best before',
    check: 'Check your product', checkHelp: 'Type the lot number printed on the pack, or the code under the barcode.',
    code: 'Lot number or code', checkButton: 'Check', scan: 'Scan the code with the camera',
    recalledThis: 'Lot {lot} is part of this recall. Do not use it.', recalledLot: 'Lot {lot} of {product} is recalled. Do not use it.',
    notInThisRecall: 'Lot {lot} is not part of this recall.', notInCurrentRecalls: 'Lot {lot} of {product} is not part of a current recall.',
    useByPassed: 'Its use-by date, {date}, has passed.',
    lotNotFound: 'We could not find this lot: check the code on the pack or contact us.', productNotFound: 'We could not find this product: check the code on the pack or contact us.',
    didYouMean: 'Did you mean lot {lot} ({product})?', needLot: 'Please type the lot number printed on the pack as well.', needGtin: 'To check this lot we also need the number under the barcode.',
    lotField: 'Lot number', gtinField: 'Number under the barcode',
    checkLot: 'Some lots of this product are recalled. Please type the lot number as well.',
    badCode: 'We could not read this code. Please type the lot number as printed.',
    faq: 'Questions and answers', closed: 'This recall is closed.', openRecall: 'See the recall',
  },
  ru: {
    ask: 'Задайте вопрос', askHelp: 'Мы отвечаем на основе того, что известно об этом отзыве.', question: 'Ваш вопрос', askButton: 'Спросить', noAnswer: 'Здесь нет ответа на этот вопрос. Вам может ответить сотрудник.', person: 'Связаться с сотрудником', yourName: 'Ваше имя', yourEmail: 'Ваш e-mail', send: 'Отправить сотруднику', handedOver: 'Спасибо. Ваш вопрос передан сотрудникам (обращение {id}), вам ответят.',
    loading: 'Загрузка…',
    notFound: 'Мы не нашли этот отзыв. Проверьте ссылку в нашем сообщении.',
    classI: 'Серьёзный риск для здоровья', classII: 'Риск для здоровья', classIII: 'Низкий риск',
    recallOf: 'Отзыв товара', reference: 'Номер отзыва', reason: 'Причина', whatToDo: 'Что делать',
    affected: 'Затронутые товары', lots: 'Партии', expires: 'годен до',
    check: 'Проверьте свой товар', checkHelp: 'Введите номер партии с упаковки или код под штрихкодом.',
    code: 'Номер партии или код', checkButton: 'Проверить', scan: 'Сканировать код камерой',
    recalledThis: 'Партия {lot} входит в этот отзыв. Не используйте товар.', recalledLot: 'Партия {lot} товара «{product}» отзывается. Не используйте товар.',
    notInThisRecall: 'Партия {lot} не входит в этот отзыв.', notInCurrentRecalls: 'Партия {lot} товара «{product}» не входит в текущие отзывы.',
    useByPassed: 'Срок годности ({date}) истёк.',
    lotNotFound: 'Мы не нашли эту партию: проверьте код на упаковке или свяжитесь с нами.', productNotFound: 'Мы не нашли этот товар: проверьте код на упаковке или свяжитесь с нами.',
    didYouMean: 'Возможно, вы имели в виду партию {lot} ({product})?', needLot: 'Введите, пожалуйста, и номер партии с упаковки.', needGtin: 'Чтобы проверить эту партию, нам нужен и номер под штрихкодом.',
    lotField: 'Номер партии', gtinField: 'Номер под штрихкодом',
    checkLot: 'Отзываются некоторые партии этого товара. Введите, пожалуйста, и номер партии.',
    badCode: 'Не удалось прочитать код. Введите номер партии так, как он напечатан.',
    faq: 'Вопросы и ответы', closed: 'Этот отзыв завершён.', openRecall: 'Подробнее об отзыве',
  },
  uk: {
    ask: 'Поставте запитання', askHelp: 'Ми відповідаємо на основі того, що відомо про це відкликання.', question: 'Ваше запитання', askButton: 'Запитати', noAnswer: 'Тут немає відповіді на це запитання. Вам може відповісти працівник.', person: 'Зв’язатися з працівником', yourName: 'Ваше ім’я', yourEmail: 'Ваш e-mail', send: 'Надіслати працівнику', handedOver: 'Дякуємо. Ваше запитання передано працівникам (звернення {id}), вам дадуть відповідь.',
    loading: 'Завантаження…',
    notFound: 'Ми не знайшли це відкликання. Перевірте посилання в нашому повідомленні.',
    classI: 'Серйозний ризик для здоров’я', classII: 'Ризик для здоров’я', classIII: 'Низький ризик',
    recallOf: 'Відкликання товару', reference: 'Номер відкликання', reason: 'Причина', whatToDo: 'Що робити',
    affected: 'Товари, яких це стосується', lots: 'Партії', expires: 'придатний до',
    check: 'Перевірте свій товар', checkHelp: 'Введіть номер партії з упаковки або код під штрихкодом.',
    code: 'Номер партії або код', checkButton: 'Перевірити', scan: 'Сканувати код камерою',
    recalledThis: 'Партія {lot} входить до цього відкликання. Не використовуйте товар.', recalledLot: 'Партія {lot} товару «{product}» відкликається. Не використовуйте товар.',
    notInThisRecall: 'Партія {lot} не входить до цього відкликання.', notInCurrentRecalls: 'Партія {lot} товару «{product}» не входить до поточних відкликань.',
    useByPassed: 'Термін придатності ({date}) минув.',
    lotNotFound: 'Ми не знайшли цю партію: перевірте код на упаковці або зв’яжіться з нами.', productNotFound: 'Ми не знайшли цей товар: перевірте код на упаковці або зв’яжіться з нами.',
    didYouMean: 'Можливо, ви мали на увазі партію {lot} ({product})?', needLot: 'Введіть, будь ласка, і номер партії з упаковки.', needGtin: 'Щоб перевірити цю партію, нам потрібен і номер під штрихкодом.',
    lotField: 'Номер партії', gtinField: 'Номер під штрихкодом',
    checkLot: 'Відкликаються деякі партії цього товару. Введіть, будь ласка, і номер партії.',
    badCode: 'Не вдалося прочитати код. Введіть номер партії так, як його надруковано.',
    faq: 'Питання та відповіді', closed: 'Це відкликання завершено.', openRecall: 'Докладніше про відкликання',
  },
  sv: {
    ask: 'Ställ en fråga', askHelp: 'Vi svarar utifrån det vi vet om återkallelsen.', question: 'Din fråga', askButton: 'Fråga', noAnswer: 'Vi har inget svar på det här. En person i vårt team kan svara dig.', person: 'Prata med en person', yourName: 'Ditt namn', yourEmail: 'Din e-post', send: 'Skicka till vårt team', handedOver: 'Tack. Vårt team har fått din fråga (ärende {id}) och svarar dig.',
    loading: 'Laddar…',
    notFound: 'Vi hittade inte den här återkallelsen. Kontrollera länken i vårt meddelande.',
    classI: 'Allvarlig hälsorisk', classII: 'Hälsorisk', classIII: 'Låg risk',
    recallOf: 'Återkallelse', reference: 'Återkallelsenummer', reason: 'Varför', whatToDo: 'Så här gör du',
    affected: 'Berörda produkter', lots: 'Partier', expires: 'bäst före',
    check: 'Kontrollera din produkt', checkHelp: 'Skriv partinumret som står på förpackningen, eller koden under streckkoden.',
    code: 'Partinummer eller kod', checkButton: 'Kontrollera', scan: 'Skanna koden med kameran',
    recalledThis: 'Parti {lot} ingår i den här återkallelsen. Använd inte produkten.', recalledLot: 'Parti {lot} av {product} återkallas. Använd inte produkten.',
    notInThisRecall: 'Parti {lot} ingår inte i den här återkallelsen.', notInCurrentRecalls: 'Parti {lot} av {product} ingår inte i någon pågående återkallelse.',
    useByPassed: 'Sista förbrukningsdagen, {date}, har passerat.',
    lotNotFound: 'Vi kunde inte hitta det här partiet: kontrollera koden på förpackningen eller kontakta oss.', productNotFound: 'Vi kunde inte hitta den här produkten: kontrollera koden på förpackningen eller kontakta oss.',
    didYouMean: 'Menade du parti {lot} ({product})?', needLot: 'Skriv också partinumret som står på förpackningen.', needGtin: 'För att kontrollera partiet behöver vi också numret under streckkoden.',
    lotField: 'Partinummer', gtinField: 'Numret under streckkoden',
    checkLot: 'Vissa partier av produkten återkallas. Skriv också partinumret.',
    badCode: 'Vi kunde inte läsa koden. Skriv partinumret som det står tryckt.',
    faq: 'Frågor och svar', closed: 'Den här återkallelsen är avslutad.', openRecall: 'Läs om återkallelsen',
  },
};
