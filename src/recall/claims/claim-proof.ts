import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { declareTemplateKey, enqueueContactMessages } from '../../comms/index.ts';
import type { Language } from '../../comms/templates/languages.ts';
import type { TemplateTexts } from '../../comms/templates/template-fields.ts';
import { getTemplate, saveTemplate } from '../../comms/templates/templates.sql.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { signToken, verifyToken } from '../../platform/links/signed-token.ts';
import type { PublicLanguage } from '../landing/public-recall.ts';

/**
 * Proof that the person on the recall page is the customer we wrote to (issue 12, decision
 * 020). An offer made to an identified customer — their voucher, their refund — is collected
 * only with it; an e-mail address and a lot printed on the public page are not proof, since
 * a stranger can know both. Two ways to get it, one token at the end:
 * - the link in their recall notice carries it (`?t=…` on the recall page);
 * - or they ask for a one-time code, e-mailed to the address we have on file, and type it in.
 */
export const OFFER_PROOF_PURPOSE = 'recall-offer';
/** A notice's link works as long as the voucher it may carry. */
const NOTICE_PROOF_DAYS = 180;
/** A confirmed code proves who is at the keyboard for a claim's worth of time, not for months. */
const CODE_PROOF_MS = 2 * 60 * 60_000;
export const CLAIM_CODE_TEMPLATE = 'recall.claim_code';
export const CLAIM_CODE_MINUTES = 15;
/** Wrong tries per code: six digits and five tries leave a guesser one chance in 200,000. */
export const CLAIM_CODE_ATTEMPTS = 5;
/** Codes per customer and recall per hour, so the form cannot be used to flood a mailbox. */
const CODES_PER_HOUR = 3;

export interface OfferProof {
  customerId: number;
}

const sign = (ctx: AppContext, recallReference: string, customerId: number, expiresAt: Date) =>
  signToken(ctx.signingKey, { purpose: OFFER_PROOF_PURPOSE, subject: String(customerId), recall: recallReference }, expiresAt);

/** The proof the recall notice's link carries for one customer and recall. */
export function noticeProof(ctx: AppContext, recallReference: string, customerId: number): string {
  return sign(ctx, recallReference, customerId, new Date(ctx.clock.now().getTime() + NOTICE_PROOF_DAYS * 86_400_000));
}

/** The customer a proof names, if it is ours, unexpired and for this recall; else a 403 that says which. */
export function verifyOfferProof(ctx: AppContext, recallReference: string, token: string): OfferProof {
  const verified = verifyToken(ctx.signingKey, token, OFFER_PROOF_PURPOSE, ctx.clock.now());
  if (!verified.ok) {
    throw new AppError('forbidden', verified.reason === 'expired' ? 'this link has expired: ask for a code by e-mail instead' : 'this link is not valid', 'recall.claim_proof',
      { errors: [{ field: 'body.proof', message: verified.reason }] });
  }
  if (verified.payload.recall !== recallReference) {
    throw new AppError('forbidden', 'this link is for another recall', 'recall.claim_proof', { errors: [{ field: 'body.proof', message: 'wrong_recall' }] });
  }
  return { customerId: Number(verified.payload.subject) };
}

// The hash is keyed by the server's signing key: a copy of the database alone does not let
// anyone try the million six-digit codes against it.
const codeHash = (ctx: AppContext, codeId: number, code: string) => createHmac('sha256', ctx.signingKey).update(`${OFFER_PROOF_PURPOSE}:${codeId}:${code}`).digest('base64url');

async function activeRecall(db: Db, reference: string): Promise<{ id: number }> {
  const [recall] = await db.query<{ id: number; status: string }>('SELECT id, status FROM recalls WHERE reference = $1', [reference]);
  if (!recall || recall.status === 'draft') throw new AppError('not_found', `recall ${reference} was not found`);
  if (recall.status !== 'active') throw new AppError('conflict', `recall ${reference} is closed: claims are no longer taken`, 'recall.claims_closed');
  return recall;
}

/** What every request for a code answers, whether or not we know the address: a stranger learns nothing from it. */
export const CODE_REQUEST_ANSWER = { sent_if_on_file: true, expires_in_minutes: CLAIM_CODE_MINUTES } as const;

/**
 * A one-time code for a customer the recall affects, e-mailed (through the outbox, once per
 * code) to the address they gave — when it is one we have on file for an affected customer.
 * The answer is the same for any address; a fourth code within the hour is not sent.
 */
export async function requestClaimCode(ctx: AppContext, reference: string, email: string) {
  const recall = await activeRecall(ctx.db, reference);
  const [customer] = await ctx.db.query<{ id: number; name: string; email: string; language: string }>(
    `SELECT cu.id, cu.name, cu.email, cu.language FROM customers cu
     WHERE lower(cu.email) = $2 AND EXISTS (SELECT 1 FROM recall_affected_consumers a WHERE a.recall_id = $1 AND a.customer_id = cu.id)
     ORDER BY cu.id LIMIT 1`,
    [recall.id, email.trim().toLowerCase()],
  );
  if (!customer) return CODE_REQUEST_ANSWER;
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [recent] = await tx.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM recall_claim_codes WHERE recall_id = $1 AND customer_id = $2 AND created_at > $3',
      [recall.id, customer.id, new Date(now.getTime() - 60 * 60_000)]);
    if (Number(recent!.n) >= CODES_PER_HOUR) return;
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const [row] = await tx.query<{ id: number }>(
      `INSERT INTO recall_claim_codes (recall_id, customer_id, code_hash, created_at, expires_at) VALUES ($1, $2, '', $3, $4) RETURNING id`,
      [recall.id, customer.id, now, new Date(now.getTime() + CLAIM_CODE_MINUTES * 60_000)]);
    await tx.query('UPDATE recall_claim_codes SET code_hash = $2 WHERE id = $1', [row!.id, codeHash(ctx, Number(row!.id), code)]);
    // A contact message, not a customer one: the person is waiting at the page for it, so
    // neither quiet hours nor a marketing opt-out may hold it back. Keyed per code: sent once.
    await enqueueContactMessages(tx, ctx, {
      recipients: [{ address: customer.email, name: customer.name, language: asLanguage(customer.language), variables: { code, reference, minutes: String(CLAIM_CODE_MINUTES) } }],
      templateKey: CLAIM_CODE_TEMPLATE,
      campaign: `recall-claim-code:${row!.id}`,
      reason: 'recall.claim_code',
      resource: { type: 'recall', id: recall.id },
      priority: 200,
    });
  });
  return CODE_REQUEST_ANSWER;
}

/**
 * The code typed back: one try is spent before it is compared (in one statement, so parallel
 * guesses cannot share a try), a code works once, within its minutes. Any failure — unknown
 * address, wrong, used, expired or out of tries — is the same answer.
 */
export async function confirmClaimCode(ctx: AppContext, reference: string, email: string, code: string): Promise<{ proof: string; expires_at: string }> {
  const recall = await activeRecall(ctx.db, reference);
  const now = ctx.clock.now();
  const [tried] = await ctx.db.query<{ id: number; customer_id: number; code_hash: string }>(
    `UPDATE recall_claim_codes SET attempts = attempts + 1
     WHERE id = (SELECT c.id FROM recall_claim_codes c JOIN customers cu ON cu.id = c.customer_id
                 WHERE c.recall_id = $1 AND lower(cu.email) = $2 ORDER BY c.id DESC LIMIT 1)
       AND used_at IS NULL AND expires_at > $3 AND attempts < $4
     RETURNING id, customer_id, code_hash`,
    [recall.id, email.trim().toLowerCase(), now, CLAIM_CODE_ATTEMPTS],
  );
  const given = Buffer.from(tried ? codeHash(ctx, Number(tried.id), code.replace(/\s/g, '')) : '');
  const expected = Buffer.from(tried?.code_hash ?? 'x');
  const matches = tried !== undefined && given.length === expected.length && timingSafeEqual(given, expected);
  const used = matches ? await ctx.db.query('UPDATE recall_claim_codes SET used_at = $2 WHERE id = $1 AND used_at IS NULL RETURNING id', [tried.id, now]) : [];
  if (!used.length) {
    throw new AppError('unprocessable', 'this code is not valid or has expired: check it, or ask for a new one', 'recall.claim_code_invalid',
      { errors: [{ field: 'body.code', message: 'not valid or expired' }] });
  }
  const expiresAt = new Date(now.getTime() + CODE_PROOF_MS);
  return { proof: sign(ctx, reference, Number(tried!.customer_id), expiresAt), expires_at: expiresAt.toISOString() };
}

const asLanguage = (value: string | null): Language => (value === 'ru' || value === 'uk' || value === 'sv' ? value : 'en');

const codeText = (subject: string, hello: string, body: string, ignore: string): TemplateTexts => ({
  email_subject: subject,
  email_html: `<p>${hello}</p><p>${body}</p><p style="font-size:28px;letter-spacing:4px"><strong>{{code}}</strong></p><p style="font-size:12px;color:#5f6b7a">${ignore}</p>`,
  email_text: `${hello}\n\n${body}\n\n{{code}}\n\n${ignore}\n`,
  sms_text: null,
});

const CODE_TEXTS: Record<PublicLanguage, TemplateTexts> = {
  en: codeText('Your code for recall {{reference}}: {{code}}', 'Dear {{customer.name}},',
    'Type this code on the recall page to claim your compensation. It is valid for {{minutes}} minutes.',
    'If you did not ask for a code, ignore this message: nothing happens without it.'),
  ru: codeText('Ваш код для отзыва {{reference}}: {{code}}', '{{customer.name}}, здравствуйте!',
    'Введите этот код на странице отзыва, чтобы получить компенсацию. Код действует {{minutes}} минут.',
    'Если вы не запрашивали код, просто проигнорируйте это письмо: без кода ничего не произойдёт.'),
  uk: codeText('Ваш код для відкликання {{reference}}: {{code}}', '{{customer.name}}, вітаємо!',
    'Введіть цей код на сторінці відкликання, щоб отримати компенсацію. Код дійсний {{minutes}} хвилин.',
    'Якщо ви не запитували код, просто проігноруйте цей лист: без коду нічого не станеться.'),
  sv: codeText('Din kod för återkallelse {{reference}}: {{code}}', 'Hej {{customer.name}},',
    'Skriv in koden på sidan om återkallelsen för att begära din ersättning. Den gäller i {{minutes}} minuter.',
    'Om du inte bad om en kod kan du bortse från meddelandet: inget händer utan den.'),
};

export async function installClaimCodeTemplates(db: Db): Promise<void> {
  await declareTemplateKey(db, {
    key: CLAIM_CODE_TEMPLATE,
    description: 'The one-time code a customer asks for on the recall page to prove they are the customer we wrote to',
    variables: {
      code: { description: 'The six-digit one-time code', sample: '048213' },
      reference: { description: 'The recall reference', sample: 'RC-2026-0001' },
      minutes: { description: 'How long the code is valid, in minutes', sample: '15' },
    },
  });
  for (const [language, texts] of Object.entries(CODE_TEXTS) as [Language, TemplateTexts][]) {
    if (!(await getTemplate(db, CLAIM_CODE_TEMPLATE, language))) await saveTemplate(db, CLAIM_CODE_TEMPLATE, language, texts, 'rebound');
  }
}
