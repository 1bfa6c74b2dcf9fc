/**
 * Given names and surnames per customer language, written the way each country writes them
 * (Cyrillic for Russian and Ukrainian), and a transliteration for e-mail local parts.
 */
import type { Rng } from './prng.ts';

export type Language = 'en' | 'ru' | 'uk' | 'sv';

interface NameList {
  female: readonly string[];
  male: readonly string[];
  surnames: readonly string[];
  /** The surname as a woman carries it (Смирнов → Смирнова, Яворський → Яворська). */
  feminine(surname: string): string;
}

const unchanged = (surname: string) => surname;

const NAMES: Record<Language, NameList> = {
  ru: {
    female: ['Анна', 'Мария', 'Елена', 'Ольга', 'Наталья', 'Татьяна', 'Ирина', 'Светлана', 'Екатерина', 'Юлия', 'Анастасия', 'Дарья', 'Марина', 'Ксения', 'Виктория', 'Полина', 'Алина', 'Людмила', 'Галина', 'Вера', 'Софья', 'Алёна', 'Надежда', 'Евгения', 'Кристина'],
    male: ['Александр', 'Дмитрий', 'Сергей', 'Андрей', 'Алексей', 'Максим', 'Иван', 'Михаил', 'Евгений', 'Владимир', 'Николай', 'Павел', 'Артём', 'Никита', 'Роман', 'Игорь', 'Олег', 'Константин', 'Денис', 'Кирилл', 'Илья', 'Василий', 'Юрий', 'Антон', 'Виктор'],
    surnames: ['Смирнов', 'Иванов', 'Кузнецов', 'Попов', 'Соколов', 'Лебедев', 'Козлов', 'Новиков', 'Морозов', 'Петров', 'Волков', 'Соловьёв', 'Васильев', 'Зайцев', 'Павлов', 'Семёнов', 'Голубев', 'Виноградов', 'Богданов', 'Воробьёв', 'Фёдоров', 'Михайлов', 'Беляев', 'Тарасов', 'Белов', 'Комаров', 'Орлов', 'Киселёв', 'Макаров', 'Андреев', 'Никольский', 'Покровский', 'Черных', 'Ильин', 'Сорокин'],
    feminine: (s) => (/(ов|ев|ёв|ин|ын)$/.test(s) ? `${s}а` : s.endsWith('ский') ? `${s.slice(0, -4)}ская` : s),
  },
  uk: {
    female: ['Олена', 'Оксана', 'Наталія', 'Ірина', 'Тетяна', 'Юлія', 'Світлана', 'Марія', 'Ганна', 'Людмила', 'Катерина', 'Вікторія', 'Анастасія', 'Дарина', 'Софія', 'Христина', 'Галина', 'Надія', 'Лариса', 'Ольга', 'Валентина', 'Зоряна', 'Соломія', 'Мар’яна', 'Богдана'],
    male: ['Олександр', 'Андрій', 'Сергій', 'Володимир', 'Дмитро', 'Іван', 'Михайло', 'Юрій', 'Олег', 'Василь', 'Тарас', 'Богдан', 'Максим', 'Віталій', 'Ігор', 'Роман', 'Петро', 'Микола', 'Степан', 'Назар', 'Остап', 'Ярослав', 'Денис', 'Артем', 'Євген'],
    surnames: ['Коваленко', 'Шевченко', 'Бондаренко', 'Ткаченко', 'Кравченко', 'Олійник', 'Шевчук', 'Поліщук', 'Бойко', 'Ткачук', 'Мельник', 'Коваль', 'Лисенко', 'Марченко', 'Руденко', 'Савченко', 'Петренко', 'Мороз', 'Кравчук', 'Павленко', 'Гончаренко', 'Литвиненко', 'Левченко', 'Карпенко', 'Сидоренко', 'Яворський', 'Вишневський', 'Ковальчук', 'Гнатюк', 'Дорошенко'],
    feminine: (s) => (s.endsWith('ський') ? `${s.slice(0, -5)}ська` : s),
  },
  sv: {
    female: ['Anna', 'Eva', 'Maria', 'Karin', 'Sara', 'Lena', 'Kerstin', 'Emma', 'Ingrid', 'Linnéa', 'Elin', 'Johanna', 'Sofia', 'Maja', 'Ida', 'Malin', 'Elsa', 'Astrid', 'Frida', 'Hanna', 'Klara', 'Ebba', 'Agnes', 'Birgitta', 'Cecilia'],
    male: ['Lars', 'Johan', 'Erik', 'Anders', 'Per', 'Karl', 'Mikael', 'Nils', 'Jonas', 'Magnus', 'Oskar', 'Gustav', 'Henrik', 'Fredrik', 'Axel', 'Olof', 'Emil', 'Viktor', 'Sven', 'Björn', 'Mattias', 'Daniel', 'Hugo', 'Linus', 'Anton'],
    surnames: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson', 'Pettersson', 'Jonsson', 'Lindberg', 'Lindqvist', 'Lindström', 'Bergström', 'Lundgren', 'Sandberg', 'Forsberg', 'Sjöberg', 'Wallin', 'Engström', 'Åkesson', 'Holm', 'Nyström', 'Ek', 'Lundqvist', 'Hedlund', 'Björk', 'Söderberg'],
    feminine: unchanged,
  },
  en: {
    female: ['Emma', 'Olivia', 'Sophie', 'Charlotte', 'Amelia', 'Emily', 'Jessica', 'Hannah', 'Lucy', 'Grace', 'Chloe', 'Ella', 'Sarah', 'Rachel', 'Laura', 'Megan', 'Rebecca', 'Katie', 'Siobhan', 'Aoife', 'Niamh', 'Jennifer', 'Ashley', 'Madison', 'Claire'],
    male: ['James', 'Oliver', 'Harry', 'Jack', 'George', 'Thomas', 'William', 'Daniel', 'Samuel', 'Joseph', 'Matthew', 'David', 'Michael', 'Christopher', 'Andrew', 'Liam', 'Connor', 'Sean', 'Ryan', 'Ethan', 'Tyler', 'Benjamin', 'Alexander', 'Callum', 'Patrick'],
    surnames: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright', 'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke', 'Murphy', 'Kelly', "O'Brien", 'Byrne', 'Campbell', 'Stewart', 'Hughes', 'Edwards', 'Miller', 'Anderson'],
    feminine: unchanged,
  },
};

export interface PersonName {
  given: string;
  surname: string;
  full: string;
}

export function randomPersonName(language: Language, rng: Rng): PersonName {
  const list = NAMES[language];
  const female = rng.chance(0.52);
  const given = rng.pick(female ? list.female : list.male);
  const base = rng.pick(list.surnames);
  const surname = female ? list.feminine(base) : base;
  return { given, surname, full: `${given} ${surname}` };
}

// Russian: the common passport-style romanisation people use for their own addresses.
const RUSSIAN: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm',
  н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch',
  ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};
// Ukrainian: the official 2010 romanisation, with its word-initial forms (Євген → Yevhen).
const UKRAINIAN: Record<string, string> = {
  ...RUSSIAN, г: 'h', ґ: 'g', е: 'e', є: 'ie', и: 'y', і: 'i', ї: 'i', й: 'i', ю: 'iu', я: 'ia', '’': '', "'": '',
};
const UKRAINIAN_INITIAL: Record<string, string> = { є: 'ye', ї: 'yi', й: 'y', ю: 'yu', я: 'ya' };
const LATIN: Record<string, string> = { å: 'a', ä: 'a', ö: 'o', é: 'e', "'": '' };

const transliterated = new Map<string, string>();

/** Lower-case ASCII for an e-mail local part: "Мар’яна" → "mariana", "Åkesson" → "akesson". */
export function transliterate(text: string, language: Language): string {
  const key = `${language}:${text}`;
  let ascii = transliterated.get(key);
  if (ascii === undefined) {
    ascii = romanise(text, language);
    transliterated.set(key, ascii);
  }
  return ascii;
}

function romanise(text: string, language: Language): string {
  const table = language === 'ru' ? RUSSIAN : language === 'uk' ? UKRAINIAN : LATIN;
  let out = '';
  const lower = text.toLowerCase();
  for (let i = 0; i < lower.length; i++) {
    const ch = lower[i] as string;
    const initial = language === 'uk' && i === 0 ? UKRAINIAN_INITIAL[ch] : undefined;
    out += initial ?? table[ch] ?? ch;
  }
  return out.replace(/[^a-z0-9]/g, '');
}
