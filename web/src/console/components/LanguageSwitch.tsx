import { useI18n, type ConsoleLang } from '../i18n.ts';

const NAMES: Record<ConsoleLang, string> = { en: 'English', ru: 'Русский' };

export function LanguageSwitch() {
  const { t, lang, languages, setLang } = useI18n();
  return (
    <label className="language-switch">
      <span className="visually-hidden">{t('common.consoleLanguage')}</span>
      <select value={lang} onChange={(e) => setLang(e.target.value as ConsoleLang)}>
        {languages.map((code) => (
          <option key={code} value={code} lang={code}>
            {NAMES[code]}
          </option>
        ))}
      </select>
    </label>
  );
}
