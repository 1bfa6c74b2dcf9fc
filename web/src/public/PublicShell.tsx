import type { ReactNode } from 'react';
import { useLocation } from 'react-router';
import { useI18n, type PublicLang } from './i18n.ts';

const NAMES: Record<PublicLang, string> = { en: 'English', ru: 'Русский', uk: 'Українська', sv: 'Svenska' };

/**
 * The frame of every public page: mobile first, one column, the language choice as plain
 * links (?lang=) so it works without script and can be shared.
 */
export function PublicShell({ children }: { children: ReactNode }) {
  const { t, lang, languages } = useI18n();
  const location = useLocation();
  const linkTo = (code: PublicLang) => {
    const params = new URLSearchParams(location.search);
    params.set('lang', code);
    return `/p${location.pathname === '/' ? '' : location.pathname}?${params.toString()}`;
  };
  return (
    <div className="public">
      <a className="skip-link" href="#content">
        {t('shell.skip')}
      </a>
      <header className="public-header">
        <span className="public-brand">
          <span className="brand-mark" aria-hidden="true">
            R
          </span>
          {t('shell.siteName')}
        </span>
        <nav aria-label={t('shell.language')} className="public-languages">
          <ul>
            {languages.map((code) => (
              <li key={code}>
                <a href={linkTo(code)} lang={code} hrefLang={code} aria-current={code === lang ? 'true' : undefined}>
                  {NAMES[code]}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main id="content" className="public-main" tabIndex={-1}>
        {children}
      </main>
      <footer className="public-footer">{t('shell.footer')}</footer>
    </div>
  );
}
