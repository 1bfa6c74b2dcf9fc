import { describe, expect, it } from 'vitest';
import { choosePublicLanguage } from './accept-language.ts';

describe('choosePublicLanguage', () => {
  it('takes the link\'s ?lang= over the browser', () => {
    expect(choosePublicLanguage('ru', 'sv-SE,sv;q=0.9')).toEqual({ lang: 'ru', source: 'link' });
    expect(choosePublicLanguage('UK-ua', undefined)).toEqual({ lang: 'uk', source: 'link' });
  });

  it('ignores a ?lang= it has no pages in', () => {
    expect(choosePublicLanguage('de', 'sv')).toEqual({ lang: 'sv', source: 'browser' });
  });

  it('picks the best-rated supported language from Accept-Language', () => {
    expect(choosePublicLanguage(undefined, 'de-DE,de;q=0.9,uk;q=0.8,ru;q=0.7')).toEqual({ lang: 'uk', source: 'browser' });
    expect(choosePublicLanguage(undefined, 'ru;q=0.5, sv;q=0.9')).toEqual({ lang: 'sv', source: 'browser' });
    expect(choosePublicLanguage(undefined, 'uk-UA')).toEqual({ lang: 'uk', source: 'browser' });
  });

  it('skips q=0 and falls back to English', () => {
    expect(choosePublicLanguage(undefined, 'ru;q=0, fr')).toEqual({ lang: 'en', source: 'default' });
    expect(choosePublicLanguage(undefined, undefined)).toEqual({ lang: 'en', source: 'default' });
    expect(choosePublicLanguage('', 'garbage;;;')).toEqual({ lang: 'en', source: 'default' });
  });
});
