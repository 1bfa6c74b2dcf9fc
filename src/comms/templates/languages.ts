export const LANGUAGES = ['en', 'ru', 'uk', 'sv'] as const;
export type Language = (typeof LANGUAGES)[number];
/** The language a message falls back to when its template has no text in the customer's. */
export const FALLBACK_LANGUAGE: Language = 'en';

export const isLanguage = (value: unknown): value is Language => LANGUAGES.includes(value as Language);
