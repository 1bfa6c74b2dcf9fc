import type { PublicLanguage } from './accept-language.ts';
import { PUBLIC_LANGUAGES } from './accept-language.ts';
import type { Brand } from './brand.ts';

const LANGUAGE_NAMES: Record<PublicLanguage, string> = { en: 'English', ru: 'Русский', uk: 'Українська', sv: 'Svenska' };

/** HTML-escapes text for element content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export interface PublicPageOptions {
  language: PublicLanguage;
  brand: Brand;
  title: string;
  /** Trusted HTML: callers escape what they put in. */
  body: string;
  /** The page's own address (path and query): given, the header offers it in the other languages (?lang=). */
  selfUrl?: string;
}

/**
 * The frame of Rebound's server-rendered public pages (unsubscribe, surveys, a broken link):
 * the brand and the language choice on top like the React public pages, one accessible
 * column, the page's language declared, readable without CSS or JavaScript.
 */
export function renderPublicPage(options: PublicPageOptions): string {
  const languages = options.selfUrl
    ? `<nav aria-label="${escapeHtml(LANGUAGE_LABEL[options.language])}"><ul class="languages">${PUBLIC_LANGUAGES.map((code) =>
        `<li><a href="${escapeHtml(withLanguage(options.selfUrl!, code))}" lang="${code}" hreflang="${code}"${code === options.language ? ' aria-current="true"' : ''}>${LANGUAGE_NAMES[code]}</a></li>`).join('')}</ul></nav>`
    : '';
  return `<!doctype html>
<html lang="${options.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(options.title)} · ${escapeHtml(options.brand.name)}</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 0 auto; padding: 0 1rem 2rem; color: #1a1a1a; }
  header { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between; padding: 1rem 0; border-bottom: 1px solid #ddd; margin-bottom: 1.5rem; }
  .brand { font-weight: 700; font-size: 1.1rem; }
  .languages { display: flex; gap: .8rem; list-style: none; margin: 0; padding: 0; font-size: .95rem; }
  .languages a { color: #1a4dad; }
  .languages a[aria-current] { color: #1a1a1a; font-weight: 600; text-decoration: none; }
  h1 { font-size: 1.5rem; }
  button { font: inherit; padding: .6rem 1.2rem; border-radius: .4rem; border: 1px solid #1a4dad; background: #1a4dad; color: #fff; cursor: pointer; }
  a:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible { outline: 3px solid #f0a000; outline-offset: 2px; }
  fieldset { border: 1px solid #ccc; border-radius: .4rem; margin: 1rem 0; padding: 1rem; }
  legend { font-weight: 600; padding: 0 .3rem; }
  .scale { display: flex; flex-wrap: wrap; gap: .4rem; }
  .scale label { display: inline-flex; flex-direction: column; align-items: center; min-width: 2.6rem; padding: .3rem; border: 1px solid #ccc; border-radius: .3rem; }
  .ends { display: flex; justify-content: space-between; font-size: .9rem; color: #555; }
  textarea { width: 100%; min-height: 6rem; font: inherit; }
  .error { color: #a00000; }
  .reference { color: #555; font-size: .9rem; }
</style>
</head>
<body>
<header>
<span class="brand">${escapeHtml(options.brand.name)}</span>
${languages}
</header>
<main>
<h1>${escapeHtml(options.title)}</h1>
${options.body}
</main>
</body>
</html>`;
}

const LANGUAGE_LABEL: Record<PublicLanguage, string> = { en: 'Language', ru: 'Язык', uk: 'Мова', sv: 'Språk' };

function withLanguage(selfUrl: string, lang: PublicLanguage): string {
  const [path, query = ''] = selfUrl.split('?', 2) as [string, string?];
  const params = new URLSearchParams(query);
  params.set('lang', lang);
  return `${path}?${params.toString()}`;
}
