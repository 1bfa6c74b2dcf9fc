import { createI18n } from '../i18n/I18nProvider.tsx';
import { en } from './messages/en.ts';
import { ru } from './messages/ru.ts';
import { sv } from './messages/sv.ts';
import { uk } from './messages/uk.ts';

export type { PublicMessageKey } from './messages/en.ts';

/** Public pages speak the languages of the people Rebound writes to. */
export const { I18nProvider, useI18n, pickLanguage, languages } = createI18n({ en, ru, uk, sv });
export type PublicLang = (typeof languages)[number];

/**
 * The link's ?lang= wins; then the language the server chose from Accept-Language (it marks
 * <html> with data-lang-source="server"); then the browser's own list.
 */
export function initialLanguage(): PublicLang {
  const fromLink = new URLSearchParams(window.location.search).get('lang');
  const root = document.documentElement;
  const fromServer = root.dataset.langSource === 'server' ? root.lang : null;
  return pickLanguage([fromLink, fromServer, ...navigator.languages], 'en');
}
