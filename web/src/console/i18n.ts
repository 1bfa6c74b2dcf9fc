import { createI18n } from '../i18n/I18nProvider.tsx';
import { en } from './messages/en.ts';
import { ru } from './messages/ru.ts';

export type { MessageKey } from './messages/en.ts';

/** The console speaks English and Russian, completely (a missing key does not compile). */
export const { I18nProvider, useI18n, pickLanguage, languages } = createI18n({ en, ru });
export type ConsoleLang = (typeof languages)[number];

const STORAGE_KEY = 'rebound.console.lang';

export function initialLanguage(): ConsoleLang {
  return pickLanguage([localStorage.getItem(STORAGE_KEY), ...navigator.languages], 'en');
}

export function rememberLanguage(lang: ConsoleLang): void {
  localStorage.setItem(STORAGE_KEY, lang);
}
