import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { formattersFor, INTL_LOCALE, translate, type Formatters, type Message, type Params } from './i18n.ts';

export interface I18n<Key extends string, Lang extends string> {
  lang: Lang;
  languages: readonly Lang[];
  setLang(lang: Lang): void;
  t(key: Key, params?: Params): string;
  /** A message whose key is built from data (a status, an audit action); the fallback when the catalogue has none. */
  tOr(key: string, fallback: string, params?: Params): string;
  format: Formatters;
}

/**
 * Builds a provider and hook for one set of catalogues (the console has en/ru, public pages
 * en/ru/uk/sv). The chosen language sets <html lang> so screen readers read it right.
 */
export function createI18n<Lang extends string, Key extends string>(catalogues: Record<Lang, Record<Key, Message>>) {
  const languages = Object.keys(catalogues) as Lang[];
  const Context = createContext<I18n<Key, Lang> | null>(null);

  function I18nProvider({ initial, onChange, children }: { initial: Lang; onChange?: (lang: Lang) => void; children: ReactNode }) {
    const [lang, setLangState] = useState<Lang>(initial);
    const locale = INTL_LOCALE[lang] ?? lang;
    useEffect(() => {
      document.documentElement.lang = lang;
    }, [lang]);
    const setLang = useCallback(
      (next: Lang) => {
        setLangState(next);
        onChange?.(next);
      },
      [onChange],
    );
    const value = useMemo<I18n<Key, Lang>>(
      () => ({
        lang,
        languages,
        setLang,
        t: (key, params) => translate(catalogues[lang][key], key, locale, params),
        tOr: (key, fallback, params) => {
          const message = (catalogues[lang] as Record<string, Message>)[key];
          return message === undefined ? fallback : translate(message, key, locale, params);
        },
        format: formattersFor(locale),
      }),
      [lang, locale, setLang],
    );
    return <Context.Provider value={value}>{children}</Context.Provider>;
  }

  function useI18n(): I18n<Key, Lang> {
    const value = useContext(Context);
    if (!value) throw new Error('useI18n outside its I18nProvider');
    return value;
  }

  function pickLanguage(candidates: readonly (string | null | undefined)[], fallback: Lang): Lang {
    for (const candidate of candidates) {
      const base = candidate?.toLowerCase().split('-')[0];
      if (base && (languages as string[]).includes(base)) return base as Lang;
    }
    return fallback;
  }

  return { I18nProvider, useI18n, languages, pickLanguage };
}
