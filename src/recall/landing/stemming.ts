import { newStemmer } from 'snowball-stemmers';
import type { PublicLanguage } from './public-recall.ts';

const snowball = { en: newStemmer('english'), ru: newStemmer('russian'), sv: newStemmer('swedish') };

// Snowball has no Ukrainian stemmer: strip the commonest inflectional endings instead,
// longest first, keeping at least a three-letter stem. Good enough to match "грошей" with "гроші".
const UKRAINIAN_ENDINGS = ['ями', 'ами', 'ові', 'еві', 'ого', 'ому', 'ими', 'іми', 'ння', 'ти', 'ть', 'ся', 'ий', 'ій', 'ої', 'ою', 'ею', 'ем', 'ом', 'ам', 'ям', 'ах', 'ях', 'ів', 'ей', 'а', 'я', 'у', 'ю', 'і', 'и', 'е', 'о', 'ь'];

function stemUkrainian(word: string): string {
  for (const ending of UKRAINIAN_ENDINGS) {
    if (word.length - ending.length >= 3 && word.endsWith(ending)) return word.slice(0, -ending.length);
  }
  return word;
}

/** Lower-cased, stemmed terms in the visitor's language (stop-words are left to the scoring). */
export function stem(language: PublicLanguage, term: string): string {
  const word = term.toLowerCase().replace(/’/g, "'");
  return language === 'uk' ? stemUkrainian(word) : snowball[language].stem(word);
}
