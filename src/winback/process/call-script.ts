import type { Actor } from '../../platform/audit/audit.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Clock } from '../../platform/clock/clock.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors/app-error.ts';

/**
 * The call script of the "Call survey" task: questions asked in order, each answer leading to
 * the next question or concluding a reason for leaving. A choice question lists its options;
 * a text question takes the customer's words and has one way on.
 */
export interface CallScriptOption {
  value: string;
  label: string;
  /** The question asked next… */
  next?: string;
  /** …or the reason for leaving this answer establishes. */
  reason?: string;
}
export interface CallScriptQuestion {
  key: string;
  text: string;
  type: 'choice' | 'text';
  options?: CallScriptOption[];
  /** For a text question: where it leads (one of next / reason). */
  next?: string;
  reason?: string;
}
export interface CallScript {
  questions: CallScriptQuestion[];
}

export const DEFAULT_CALL_SCRIPT: CallScript = {
  questions: [
    {
      key: 'still_buying', type: 'choice', text: 'Do you still buy products like ours?',
      options: [
        { value: 'yes', label: 'Yes, elsewhere', next: 'why_switch' },
        { value: 'no', label: 'No, I no longer need them (moved, changed habits)', reason: 'moved' },
      ],
    },
    {
      key: 'why_switch', type: 'choice', text: 'What made you stop buying from us?',
      options: [
        { value: 'product', label: 'Something was wrong with a product', reason: 'bad_product' },
        { value: 'service', label: 'The service (delivery, support, store)', next: 'service_detail' },
        { value: 'price', label: 'Too expensive', reason: 'price' },
        { value: 'competitor', label: 'Another shop suits me better', next: 'which_competitor' },
        { value: 'other', label: 'Something else', next: 'in_your_words' },
      ],
    },
    { key: 'service_detail', type: 'text', text: 'What went wrong with the service?', reason: 'bad_service' },
    { key: 'which_competitor', type: 'text', text: 'Where do you buy now, and what do they do better?', reason: 'competitor' },
    { key: 'in_your_words', type: 'text', text: 'In your own words: why did you stop?', reason: 'other' },
  ],
};

const KEY = /^[a-z][a-z0-9_]{0,39}$/;

/**
 * What is wrong with a script, field by field: keys unique and well-formed, every answer leads
 * somewhere that exists (a question, or a reason that is a cause), and no path loops, so every
 * call ends with a reason.
 */
export function callScriptProblems(script: CallScript, causeReasons: ReadonlySet<string>): { field: string; message: string }[] {
  const problems: { field: string; message: string }[] = [];
  const questions = script.questions ?? [];
  if (!questions.length) problems.push({ field: 'body.questions', message: 'a call script needs at least one question' });
  const keys = new Set<string>();
  const check = (field: string, way: { next?: string; reason?: string }) => {
    if (!!way.next === !!way.reason) problems.push({ field, message: 'leads either to a next question or to a reason, exactly one' });
    if (way.next && !questions.some((q) => q.key === way.next)) problems.push({ field: `${field}.next`, message: `no question "${way.next}"` });
    if (way.reason && !causeReasons.has(way.reason)) problems.push({ field: `${field}.reason`, message: `"${way.reason}" is not an active reason for leaving` });
  };
  questions.forEach((q, i) => {
    const field = `body.questions[${i}]`;
    if (!KEY.test(q.key)) problems.push({ field: `${field}.key`, message: 'lower-case letters, digits and _ (up to 40)' });
    if (keys.has(q.key)) problems.push({ field: `${field}.key`, message: `"${q.key}" is used twice` });
    keys.add(q.key);
    if (q.type === 'choice') {
      if (!q.options?.length) problems.push({ field: `${field}.options`, message: 'a choice question needs options' });
      const values = new Set<string>();
      q.options?.forEach((o, j) => {
        if (values.has(o.value)) problems.push({ field: `${field}.options[${j}].value`, message: `"${o.value}" is used twice` });
        values.add(o.value);
        check(`${field}.options[${j}]`, o);
      });
    } else check(field, q);
  });
  if (problems.length) return problems;
  // No loops: walk every path from the first question.
  const successors = (q: CallScriptQuestion) => (q.type === 'choice' ? (q.options ?? []).map((o) => o.next) : [q.next]).filter((n): n is string => !!n);
  const byKey = new Map(questions.map((q) => [q.key, q]));
  const visit = (key: string, path: string[]): void => {
    if (path.includes(key)) {
      problems.push({ field: 'body.questions', message: `the script loops: ${[...path, key].join(' → ')}` });
      return;
    }
    for (const next of successors(byKey.get(key)!)) visit(next, [...path, key]);
  };
  visit(questions[0]!.key, []);
  return [...new Map(problems.map((p) => [`${p.field} ${p.message}`, p])).values()];
}

export interface WalkedAnswer {
  questionKey: string;
  question: string;
  answer: string;
}

/**
 * Follows the customer's answers through the script from its first question: each answer must
 * be one the question offers (a text answer, not empty), only questions on the path may be
 * answered, and the path must reach a reason. Returns the answers in order and the reason.
 */
export function walkCallScript(script: CallScript, answers: Record<string, string>): { answers: WalkedAnswer[]; reason: string } {
  const byKey = new Map(script.questions.map((q) => [q.key, q]));
  const walked: WalkedAnswer[] = [];
  let question: CallScriptQuestion | undefined = script.questions[0];
  while (question) {
    const given = answers[question.key];
    const field = `body.answers.${question.key}`;
    if (given === undefined || given.trim() === '') throw new AppError('invalid', `the call script asks "${question.text}" next: answer it`, 'winback.script_unanswered', { errors: [{ field, message: 'is required on this path' }] });
    let way: { next?: string; reason?: string };
    if (question.type === 'choice') {
      const option = question.options!.find((o) => o.value === given);
      if (!option) throw new AppError('invalid', `"${given}" is not an answer to "${question.text}"`, 'winback.script_bad_answer', { errors: [{ field, message: `one of ${question.options!.map((o) => o.value).join(', ')}` }] });
      way = option;
      walked.push({ questionKey: question.key, question: question.text, answer: option.label });
    } else {
      way = question;
      walked.push({ questionKey: question.key, question: question.text, answer: given.trim() });
    }
    if (way.reason) {
      const extra = Object.keys(answers).filter((k) => !walked.some((w) => w.questionKey === k));
      if (extra.length) throw new AppError('invalid', `these questions are not on the path the answers took: ${extra.join(', ')}`, 'winback.script_off_path', { errors: extra.map((k) => ({ field: `body.answers.${k}`, message: 'not asked on this path' })) });
      return { answers: walked, reason: way.reason };
    }
    question = byKey.get(way.next!);
  }
  throw new AppError('invalid', 'the call script ends without a reason', 'winback.script_no_reason');
}

export async function currentCallScript(db: Db): Promise<{ version: number; script: CallScript; saved_by: string | null; saved_at: Date | null }> {
  const [row] = await db.query<{ version: number; script: CallScript; saved_by: string; saved_at: Date }>(
    'SELECT version, script, saved_by, saved_at FROM winback_call_scripts ORDER BY version DESC LIMIT 1');
  return row ?? { version: 0, script: DEFAULT_CALL_SCRIPT, saved_by: null, saved_at: null };
}

export async function causeReasonKeys(db: Db): Promise<Set<string>> {
  return new Set((await db.query<{ key: string }>('SELECT key FROM winback_reasons WHERE active AND is_cause')).map((r) => r.key));
}

/** Saves a new version of the script, after checking it; answers keep the version they were asked with. */
export async function saveCallScript(db: Db, clock: Clock, actor: Actor, script: CallScript) {
  return db.transaction(async (tx) => {
    const problems = callScriptProblems(script, await causeReasonKeys(tx));
    if (problems.length) throw new AppError('invalid', `the call script cannot be saved: ${problems[0]!.message}`, 'winback.bad_call_script', { errors: problems });
    const { version } = await currentCallScript(tx);
    await tx.query('INSERT INTO winback_call_scripts (version, script, saved_by, saved_at) VALUES ($1, $2, $3, $4)', [version + 1, JSON.stringify(script), actor.label, clock.now()]);
    await recordAudit(tx, actor, { action: 'update', entity: 'winback_call_script', entityId: version + 1 });
    return currentCallScript(tx);
  });
}
