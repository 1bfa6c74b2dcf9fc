import MiniSearch from 'minisearch';
import type { Db } from '../../platform/db/database.ts';
import { publicRecall, type PublicLanguage } from './public-recall.ts';
import { stem } from './stemming.ts';

/** Questions every recall page can answer from the recall's own facts, per language. */
const FACT_QUESTIONS: Record<PublicLanguage, { reason: string; instructions: string; products: string; compensation: string; compensationAnswer: string }> = {
  en: { reason: 'Why is the product recalled? What is the problem, the reason, the cause?', instructions: 'What should I do with the product? Can I eat, drink or use it? Where do I return it?', products: 'Which products and lots are recalled? How do I know if mine is affected?', compensation: 'Will I get my money back? Refund, voucher, compensation?', compensationAnswer: 'Yes. Everyone who bought an affected product is compensated by our rules: a refund or a voucher. Identified customers receive their offer by message; others can claim it on this page.' },
  ru: { reason: 'Почему отзывают товар? В чём проблема, причина?', instructions: 'Что делать с товаром? Можно ли его есть, пить, использовать? Куда его вернуть?', products: 'Какие товары и партии отзываются? Как узнать, касается ли это моего?', compensation: 'Вернут ли мне деньги? Возврат, купон, компенсация?', compensationAnswer: 'Да. Все, кто купил затронутый товар, получают компенсацию по нашим правилам: возврат денег или купон. Покупатели из программы лояльности получают предложение в сообщении, остальные могут оформить его на этой странице.' },
  uk: { reason: 'Чому відкликають товар? У чому проблема, причина?', instructions: 'Що робити з товаром? Чи можна його їсти, пити, використовувати? Куди його повернути?', products: 'Які товари та партії відкликаються? Як дізнатися, чи це стосується мого?', compensation: 'Чи повернуть мені гроші? Повернення, купон, компенсація?', compensationAnswer: 'Так. Усі, хто купив товар, якого це стосується, отримують компенсацію за нашими правилами: повернення грошей або купон. Учасники програми лояльності отримують пропозицію в повідомленні, інші можуть оформити її на цій сторінці.' },
  sv: { reason: 'Varför återkallas produkten? Vad är problemet, orsaken?', instructions: 'Vad ska jag göra med produkten? Kan jag äta, dricka eller använda den? Var lämnar jag tillbaka den?', products: 'Vilka produkter och partier återkallas? Hur vet jag om min berörs?', compensation: 'Får jag pengarna tillbaka? Återbetalning, presentkort, kompensation?', compensationAnswer: 'Ja. Alla som köpt en berörd produkt får kompensation enligt våra regler: återbetalning eller ett presentkort. Kunder i kundklubben får sitt erbjudande i ett meddelande, andra kan begära det på den här sidan.' },
};

// Words that say nothing about what is asked; without them a question of only small words
// would match every answer a little.
const STOP_WORDS: Record<PublicLanguage, Set<string>> = {
  en: new Set('a an the is are was be do does i my me it this that of to in on for and or can will what which with your you'.split(' ')),
  ru: new Set('и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне было вот от меня еще нет о из ему ли если или ни быть был него до вас нибудь мой это мои какой какая какое какие завтра сегодня'.split(' ')),
  uk: new Set('і й та в у на з зі що як а але не я ти ви він вона це чи до від по за про мій моя мої мені мене його її або якщо який яка яке які'.split(' ')),
  sv: new Set('och i att det som en på är av för med till den har de inte om ett men jag min mitt mina vad kan ska får ni er'.split(' ')),
};

export type AssistantAnswer = { answered: true; answer: string; matched: string } | { answered: false; offer_person: true };

/**
 * The landing page's assistant (R9): finds the best answer among the recall's FAQ and its
 * facts by full-text retrieval in the visitor's language (stemmed, so "деньги" finds
 * "деньгами"). Below a confidence floor it does not guess: it offers a person.
 */
export async function answerQuestion(db: Db, reference: string, language: PublicLanguage, question: string): Promise<AssistantAnswer> {
  const recall = await publicRecall(db, reference, language);
  const facts = FACT_QUESTIONS[language];
  const lotsText = recall.products.map((p) => `${p.name} (GTIN ${p.gtin}): ${p.lots.map((l) => l.lot_code).join(', ')}`).join('; ');
  const documents = [
    { id: 'reason', question: facts.reason, answer: recall.reason },
    ...(recall.instructions ? [{ id: 'instructions', question: facts.instructions, answer: recall.instructions }] : []),
    { id: 'products', question: facts.products, answer: lotsText },
    { id: 'compensation', question: facts.compensation, answer: facts.compensationAnswer },
    ...recall.faq.map((f, i) => ({ id: `faq-${i}`, question: f.question, answer: f.answer })),
  ];
  const index = new MiniSearch<(typeof documents)[number]>({
    fields: ['question', 'answer'],
    storeFields: ['question', 'answer'],
    processTerm: (term) => (STOP_WORDS[language].has(term.toLowerCase()) ? null : stem(language, term)),
    searchOptions: { boost: { question: 2 }, fuzzy: 0.2, prefix: true },
  });
  index.addAll(documents);
  const [best] = index.search(question);
  // The floor was set on the shipped facts and a sample FAQ in all four languages: real
  // questions scored 6–22, questions about something else (opening hours, the weather) 0–0.6.
  if (!best || best.score < 3) return { answered: false, offer_person: true };
  return { answered: true, answer: String(best.answer), matched: String(best.question) };
}
