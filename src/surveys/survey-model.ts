/**
 * What a survey is made of and how answers are checked. Scores follow the usual
 * definitions: CSAT 1–5 (satisfied = 4 or 5), NPS 0–10 (promoters 9–10, detractors 0–6),
 * CES 1–7 agreement with "they made it easy" (higher is easier).
 */
export type Localized = Record<string, string>;
export type QuestionKind = 'csat' | 'nps' | 'ces' | 'text' | 'choice';

export interface Question {
  id: string;
  kind: QuestionKind;
  required: boolean;
  text: Localized;
  options?: { value: string; label: Localized }[];
  /** A follow-up: asked only when an earlier numeric answer is within these bounds. */
  showIf?: { question: string; atMost?: number; atLeast?: number };
}

export interface Survey {
  key: string;
  title: Localized;
  intro: Localized;
  questions: Question[];
  valid_days: number;
  active: boolean;
}

export const SCALES: Record<'csat' | 'nps' | 'ces', { min: number; max: number }> = {
  csat: { min: 1, max: 5 },
  nps: { min: 0, max: 10 },
  ces: { min: 1, max: 7 },
};

export type Answers = Record<string, string | number>;

const QUESTION_ID = /^[a-z][a-z0-9_]{0,49}$/;

/** Problems with a survey definition, each naming the question; empty when it is sound. */
export function checkSurveyDefinition(questions: readonly Question[]): string[] {
  const problems: string[] = [];
  const seen = new Map<string, Question>();
  for (const [index, q] of questions.entries()) {
    const where = `questions[${index}]`;
    if (!QUESTION_ID.test(q.id)) problems.push(`${where}: id "${q.id}" must be lower case letters, digits and _`);
    if (seen.has(q.id)) problems.push(`${where}: id "${q.id}" is used twice`);
    if (!q.text.en) problems.push(`${where}: needs an English text (the fallback)`);
    if (q.kind === 'choice' && !(q.options?.length)) problems.push(`${where}: a choice needs options`);
    if (q.showIf) {
      const target = seen.get(q.showIf.question);
      if (!target) problems.push(`${where}: showIf refers to "${q.showIf.question}", which is not an earlier question`);
      else if (!(target.kind in SCALES)) problems.push(`${where}: showIf needs a score question (csat, nps, ces), not ${target.kind}`);
      else if (target.showIf) problems.push(`${where}: a follow-up cannot depend on another follow-up`);
    }
    seen.set(q.id, q);
  }
  if (!questions.some((q) => !q.showIf)) problems.push('a survey needs at least one question that is always asked');
  return problems;
}

/** Whether a follow-up is asked, given the answers so far. */
export function isAsked(question: Question, answers: Answers): boolean {
  if (!question.showIf) return true;
  const value = answers[question.showIf.question];
  if (typeof value !== 'number') return false;
  return (question.showIf.atMost === undefined || value <= question.showIf.atMost) && (question.showIf.atLeast === undefined || value >= question.showIf.atLeast);
}

export interface AnswerProblem {
  question: string;
  problem: 'required' | 'out_of_range' | 'unknown_option' | 'too_long';
}

/**
 * Reads the answers to `questions` from a form (strings), checks them, and returns the
 * typed answers or the problems per question.
 */
export function readAnswers(questions: readonly Question[], form: Record<string, unknown>): { answers: Answers; problems: AnswerProblem[] } {
  const answers: Answers = {};
  const problems: AnswerProblem[] = [];
  for (const q of questions) {
    const raw = form[`q_${q.id}`];
    const value = typeof raw === 'string' ? raw.trim() : Array.isArray(raw) ? String(raw[0] ?? '').trim() : '';
    if (value === '') {
      if (q.required) problems.push({ question: q.id, problem: 'required' });
      continue;
    }
    if (q.kind === 'csat' || q.kind === 'nps' || q.kind === 'ces') {
      const n = Number(value);
      const { min, max } = SCALES[q.kind];
      if (!Number.isInteger(n) || n < min || n > max) problems.push({ question: q.id, problem: 'out_of_range' });
      else answers[q.id] = n;
    } else if (q.kind === 'choice') {
      if (!q.options!.some((o) => o.value === value)) problems.push({ question: q.id, problem: 'unknown_option' });
      else answers[q.id] = value;
    } else if (value.length > 2000) {
      problems.push({ question: q.id, problem: 'too_long' });
    } else {
      answers[q.id] = value;
    }
  }
  return { answers, problems };
}

/** The first answer of each score kind, for the result columns. */
export function scoresOf(questions: readonly Question[], answers: Answers): { csat: number | null; nps: number | null; ces: number | null } {
  const first = (kind: QuestionKind) => {
    const q = questions.find((x) => x.kind === kind && typeof answers[x.id] === 'number');
    return q ? (answers[q.id] as number) : null;
  };
  return { csat: first('csat'), nps: first('nps'), ces: first('ces') };
}

export function localized(text: Localized | undefined, language: string): string {
  return text?.[language] ?? text?.en ?? Object.values(text ?? {})[0] ?? '';
}
