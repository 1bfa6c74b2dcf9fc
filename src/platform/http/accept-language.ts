/** The languages public pages are written in (P10). */
export const PUBLIC_LANGUAGES = ['en', 'ru', 'uk', 'sv'] as const;
export type PublicLanguage = (typeof PUBLIC_LANGUAGES)[number];

const isPublicLanguage = (code: string): code is PublicLanguage => (PUBLIC_LANGUAGES as readonly string[]).includes(code);

/**
 * The language of a public page: the link's own choice (?lang=) first, then the best match
 * of the browser's Accept-Language by quality (RFC 9110 §12.5.4; 'uk-UA' matches 'uk'),
 * then English.
 */
export function choosePublicLanguage(query: string | undefined, acceptLanguage: string | undefined): { lang: PublicLanguage; source: 'link' | 'browser' | 'default' } {
  const asked = query?.trim().toLowerCase().split('-')[0];
  if (asked && isPublicLanguage(asked)) return { lang: asked, source: 'link' };
  const ranges = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/i.exec(p)?.[1]).find(Boolean);
      return { base: tag.trim().toLowerCase().split('-')[0] ?? '', quality: q === undefined ? 1 : Number(q), index };
    })
    .filter((range) => range.base && range.quality > 0 && !Number.isNaN(range.quality))
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const range of ranges) if (isPublicLanguage(range.base)) return { lang: range.base, source: 'browser' };
  return { lang: 'en', source: 'default' };
}
