import { escapeHtml } from '../platform/http/public-page.ts';
import { localized, SCALES, type AnswerProblem, type Answers, type Question, type Survey } from './survey-model.ts';

type Lang = 'en' | 'ru' | 'uk' | 'sv';

const TEXT: Record<Lang, Record<string, string>> = {
  en: { csat1: 'Very dissatisfied', csat2: 'Dissatisfied', csat3: 'Neutral', csat4: 'Satisfied', csat5: 'Very satisfied', npsLow: 'Not at all likely', npsHigh: 'Extremely likely', cesLow: 'Strongly disagree', cesHigh: 'Strongly agree', next: 'Next', send: 'Send', optional: '(optional)', thanks: 'Thank you for your answers. They help us do better.', already: 'You have already answered this survey. Thank you!', check: 'Please check your answers:', required: 'Please answer this question.', out_of_range: 'Please choose a value on the scale.', unknown_option: 'Please choose one of the options.', too_long: 'Please keep it under 2,000 characters.', followUp: 'A few more words, if you will' },
  ru: { csat1: 'Очень недоволен', csat2: 'Недоволен', csat3: 'Нейтрально', csat4: 'Доволен', csat5: 'Очень доволен', npsLow: 'Совсем маловероятно', npsHigh: 'Очень вероятно', cesLow: 'Совершенно не согласен', cesHigh: 'Полностью согласен', next: 'Далее', send: 'Отправить', optional: '(необязательно)', thanks: 'Спасибо за ваши ответы. Они помогают нам становиться лучше.', already: 'Вы уже ответили на этот опрос. Спасибо!', check: 'Пожалуйста, проверьте ответы:', required: 'Пожалуйста, ответьте на этот вопрос.', out_of_range: 'Пожалуйста, выберите значение на шкале.', unknown_option: 'Пожалуйста, выберите один из вариантов.', too_long: 'Пожалуйста, не более 2000 символов.', followUp: 'Ещё пара слов, если можно' },
  uk: { csat1: 'Дуже незадоволений', csat2: 'Незадоволений', csat3: 'Нейтрально', csat4: 'Задоволений', csat5: 'Дуже задоволений', npsLow: 'Зовсім малоймовірно', npsHigh: 'Дуже ймовірно', cesLow: 'Зовсім не згоден', cesHigh: 'Повністю згоден', next: 'Далі', send: 'Надіслати', optional: "(необов'язково)", thanks: 'Дякуємо за ваші відповіді. Вони допомагають нам ставати кращими.', already: 'Ви вже відповіли на це опитування. Дякуємо!', check: 'Будь ласка, перевірте відповіді:', required: 'Будь ласка, дайте відповідь на це питання.', out_of_range: 'Будь ласка, оберіть значення на шкалі.', unknown_option: 'Будь ласка, оберіть один із варіантів.', too_long: 'Будь ласка, не більше 2000 символів.', followUp: 'Ще кілька слів, якщо можна' },
  sv: { csat1: 'Mycket missnöjd', csat2: 'Missnöjd', csat3: 'Neutral', csat4: 'Nöjd', csat5: 'Mycket nöjd', npsLow: 'Inte alls troligt', npsHigh: 'Extremt troligt', cesLow: 'Instämmer inte alls', cesHigh: 'Instämmer helt', next: 'Nästa', send: 'Skicka', optional: '(frivilligt)', thanks: 'Tack för dina svar. De hjälper oss att bli bättre.', already: 'Du har redan svarat på den här enkäten. Tack!', check: 'Kontrollera dina svar:', required: 'Svara på den här frågan.', out_of_range: 'Välj ett värde på skalan.', unknown_option: 'Välj ett av alternativen.', too_long: 'Håll dig under 2 000 tecken.', followUp: 'Några ord till, om du vill' },
};

export const pageLanguage = (language: string): Lang => (language in TEXT ? (language as Lang) : 'en');
export const pageText = (language: string, key: string): string => TEXT[pageLanguage(language)][key] ?? TEXT.en[key] ?? key;

/** A page's language, title and body; the route sends it in the public frame with the brand. */
export interface SurveyPage {
  language: Lang;
  title: string;
  body: string;
}

export function messagePage(language: string, title: string, key: string): SurveyPage {
  return { language: pageLanguage(language), title, body: `<p role="status">${escapeHtml(pageText(language, key))}</p>` };
}

/**
 * One step of a survey as an HTML form that works without JavaScript: each question a
 * fieldset with a legend, scales as radio buttons with visible labels, errors listed at
 * the top (role="alert") and tied to their question with aria-describedby.
 */
export function surveyForm(options: {
  survey: Survey;
  language: string;
  caseReference: string;
  token: string;
  step: 'scores' | 'follow-ups';
  questions: readonly Question[];
  values: Answers;
  problems: readonly AnswerProblem[];
}): SurveyPage {
  const lang = pageLanguage(options.language);
  const t = (key: string) => pageText(lang, key);
  const problemOf = (id: string) => options.problems.find((p) => p.question === id);
  const summary = options.problems.length
    ? `<div role="alert" class="error"><p>${escapeHtml(t('check'))}</p><ul>${options.problems
        .map((p) => `<li><a href="#q_${p.question}">${escapeHtml(localized(options.questions.find((q) => q.id === p.question)?.text, lang))}</a>: ${escapeHtml(t(p.problem))}</li>`)
        .join('')}</ul></div>`
    : '';
  const intro = options.step === 'scores'
    ? `<p>${escapeHtml(localized(options.survey.intro, lang).replace('{case}', options.caseReference))}</p>`
    : `<p>${escapeHtml(t('followUp'))}</p>`;
  const fields = options.questions.map((q) => questionField(q, lang, options.values[q.id], problemOf(q.id), t)).join('\n');
  // The language travels with the form, so the answer page speaks the one the person chose.
  const action = `/surveys/respond?${new URLSearchParams({ t: options.token, lang })}`;
  return {
    language: lang,
    title: localized(options.survey.title, lang),
    body: `${summary}${intro}
<form method="post" action="${escapeHtml(action)}" novalidate>
<input type="hidden" name="step" value="${options.step}">
${fields}
<button type="submit">${escapeHtml(t(options.step === 'scores' && options.survey.questions.some((q) => q.showIf) ? 'next' : 'send'))}</button>
</form>`,
  };
}

function questionField(q: Question, lang: Lang, value: string | number | undefined, problem: AnswerProblem | undefined, t: (key: string) => string): string {
  const name = `q_${q.id}`;
  const errorId = `${name}_error`;
  const described = problem ? ` aria-describedby="${errorId}"` : '';
  const error = problem ? `<p id="${errorId}" class="error">${escapeHtml(t(problem.problem))}</p>` : '';
  const legend = `${escapeHtml(localized(q.text, lang))}${q.required ? '' : ` <span>${escapeHtml(t('optional'))}</span>`}`;
  if (q.kind === 'text') {
    return `<fieldset id="${name}"${described}><legend><label for="${name}_input">${legend}</label></legend>${error}
<textarea id="${name}_input" name="${name}" maxlength="2000"${problem ? ' aria-invalid="true"' : ''}>${escapeHtml(value === undefined ? '' : String(value))}</textarea></fieldset>`;
  }
  const choices = q.kind === 'choice'
    ? q.options!.map((o) => ({ value: o.value, label: localized(o.label, lang) }))
    : range(SCALES[q.kind]).map((n) => ({ value: String(n), label: q.kind === 'csat' ? `${n} ${t(`csat${n}`)}` : String(n) }));
  const ends = q.kind === 'nps' ? [t('npsLow'), t('npsHigh')] : q.kind === 'ces' ? [t('cesLow'), t('cesHigh')] : undefined;
  const endsId = `${name}_ends`;
  const radios = choices
    .map((c) => `<label><input type="radio" name="${name}" value="${escapeHtml(c.value)}"${String(value) === c.value ? ' checked' : ''}${q.required ? ' required' : ''}>${escapeHtml(c.label)}</label>`)
    .join('');
  const describedBy = [problem ? errorId : '', ends ? endsId : ''].filter(Boolean).join(' ');
  return `<fieldset id="${name}"${describedBy ? ` aria-describedby="${describedBy}"` : ''}><legend>${legend}</legend>${error}
<div class="${q.kind === 'choice' ? 'choices' : 'scale'}">${radios}</div>${ends ? `<div class="ends" id="${endsId}"><span>${escapeHtml(`${SCALES[q.kind as 'nps' | 'ces'].min} = ${ends[0]}`)}</span><span>${escapeHtml(`${SCALES[q.kind as 'nps' | 'ces'].max} = ${ends[1]}`)}</span></div>` : ''}</fieldset>`;
}

function range({ min, max }: { min: number; max: number }): number[] {
  return Array.from({ length: max - min + 1 }, (_, i) => min + i);
}
