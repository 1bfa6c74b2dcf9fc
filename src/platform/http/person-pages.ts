import type { FastifyReply, FastifyRequest } from 'fastify';
import { choosePublicLanguage, type PublicLanguage } from './accept-language.ts';
import { brandOf } from './brand.ts';
import type { AppContext } from './context.ts';
import { sendProblem } from './problem.ts';
import { escapeHtml, renderPublicPage } from './public-page.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * A route people open from a link in a message (unsubscribe, survey, a tracked link):
     * its failures answer a browser with an HTML page in the person's language, never JSON
     * (see sendLinkProblem). APIs leave it unset and keep problem+json.
     */
    personPage?: true;
  }
}

/** What can be wrong with a link someone followed, and the status each answers with. */
export const LINK_PROBLEM_STATUS = { incomplete: 400, invalid: 404, expired: 410, not_found: 404 } as const;
export type LinkProblem = keyof typeof LINK_PROBLEM_STATUS;

const TEXT: Record<PublicLanguage, Record<LinkProblem | 'whatNow' | 'checkAddress' | 'latestMessage' | 'contactUs' | 'reference', { title: string; lead: string } | string>> = {
  en: {
    incomplete: { title: 'This link is incomplete', lead: 'Part of the address is missing, so we cannot tell what it was meant to open.' },
    invalid: { title: 'This link is not valid', lead: 'The address may have been changed or cut short on its way to you.' },
    expired: { title: 'This link has expired', lead: 'For your security, links in our messages work only for a limited time.' },
    not_found: { title: 'We could not find this page', lead: 'The address may be mistyped, or the page is no longer available.' },
    whatNow: 'What you can do',
    checkAddress: 'Check that the address is complete, especially if you copied it by hand.',
    latestMessage: 'Open the most recent message we sent you: it has an up-to-date link.',
    contactUs: 'Reply to that message or contact our customer service, and we will help you.',
    reference: 'Reference: {code}',
  },
  ru: {
    incomplete: { title: 'Ссылка неполная', lead: 'В адресе не хватает части, поэтому мы не можем понять, что он должен открыть.' },
    invalid: { title: 'Ссылка недействительна', lead: 'Возможно, адрес изменился или обрезался по пути к вам.' },
    expired: { title: 'Срок действия ссылки истёк', lead: 'Ради вашей безопасности ссылки в наших сообщениях действуют ограниченное время.' },
    not_found: { title: 'Мы не нашли эту страницу', lead: 'Возможно, в адресе опечатка или страница больше недоступна.' },
    whatNow: 'Что можно сделать',
    checkAddress: 'Проверьте, что адрес указан полностью, особенно если вы переписывали его вручную.',
    latestMessage: 'Откройте последнее сообщение от нас: в нём актуальная ссылка.',
    contactUs: 'Ответьте на это сообщение или обратитесь в нашу службу поддержки — мы поможем.',
    reference: 'Код для обращения: {code}',
  },
  uk: {
    incomplete: { title: 'Посилання неповне', lead: 'В адресі бракує частини, тому ми не можемо зрозуміти, що вона мала відкрити.' },
    invalid: { title: 'Посилання недійсне', lead: 'Можливо, адресу змінено або її обрізано дорогою до вас.' },
    expired: { title: 'Термін дії посилання минув', lead: 'Задля вашої безпеки посилання в наших повідомленнях діють обмежений час.' },
    not_found: { title: 'Ми не знайшли цю сторінку', lead: 'Можливо, в адресі помилка або сторінка більше недоступна.' },
    whatNow: 'Що можна зробити',
    checkAddress: 'Перевірте, що адресу вказано повністю, особливо якщо ви переписували її вручну.',
    latestMessage: 'Відкрийте останнє повідомлення від нас: у ньому актуальне посилання.',
    contactUs: 'Дайте відповідь на це повідомлення або зверніться до нашої служби підтримки — ми допоможемо.',
    reference: 'Код для звернення: {code}',
  },
  sv: {
    incomplete: { title: 'Länken är ofullständig', lead: 'En del av adressen saknas, så vi kan inte se vad den skulle öppna.' },
    invalid: { title: 'Länken är ogiltig', lead: 'Adressen kan ha ändrats eller kortats av på vägen till dig.' },
    expired: { title: 'Länken har gått ut', lead: 'För din säkerhet fungerar länkarna i våra meddelanden bara en begränsad tid.' },
    not_found: { title: 'Vi kunde inte hitta sidan', lead: 'Adressen kan vara felskriven, eller så finns sidan inte längre.' },
    whatNow: 'Det här kan du göra',
    checkAddress: 'Kontrollera att adressen är fullständig, särskilt om du skrev av den för hand.',
    latestMessage: 'Öppna det senaste meddelandet från oss: där finns en aktuell länk.',
    contactUs: 'Svara på meddelandet eller kontakta vår kundtjänst, så hjälper vi dig.',
    reference: 'Referens: {code}',
  },
};

/**
 * Whether the caller asked for JSON rather than a page (RFC 9110 §12.5.1: each type takes the
 * quality of its most specific matching range). JSON wins when it ranks higher, or as high
 * but named outright while HTML is only covered by a wildcard (application/json plus "any
 * type", what API clients send). A browser (text/html first, "any type" at q=0.8), a mail
 * client or a request without Accept gets the page: a person follows these links.
 */
export function prefersJson(request: FastifyRequest): boolean {
  const ranges = (request.headers.accept ?? '').split(',').map((part) => {
    const [type = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    return { type: type.trim(), quality: q === undefined ? 1 : Number(q) };
  });
  const match = (exact: string[], family: string) => {
    const levels: [string[], boolean][] = [[exact, true], [[family], false], [['*/*'], false]];
    for (const [types, explicit] of levels) {
      const found = ranges.filter((r) => types.includes(r.type));
      if (found.length) return { quality: Math.max(...found.map((r) => r.quality)), explicit };
    }
    return { quality: 0, explicit: false };
  };
  const json = match(['application/json', 'application/problem+json'], 'application/*');
  const html = match(['text/html'], 'text/*');
  return json.quality > html.quality || (json.quality > 0 && json.quality === html.quality && json.explicit && !html.explicit);
}

/** The language of a page for this request: ?lang=, then what the caller knows (the customer's), then Accept-Language. */
export function pageLanguageOf(request: FastifyRequest, known?: string | null): PublicLanguage {
  const query = (request.query ?? {}) as { lang?: unknown };
  const accept = request.headers['accept-language'];
  const asked = typeof query.lang === 'string' ? query.lang : undefined;
  return choosePublicLanguage(asked ?? known ?? undefined, Array.isArray(accept) ? accept.join(',') : accept).lang;
}

/** Sends a server-rendered public page in its language, branded, never cached (it may carry a token). */
export async function sendPublicPage(ctx: Pick<AppContext, 'config' | 'db'>, request: FastifyRequest, reply: FastifyReply, page: { status?: number; language: PublicLanguage; title: string; body: string }): Promise<FastifyReply> {
  const html = renderPublicPage({ language: page.language, brand: await brandOf(ctx), title: page.title, body: page.body, selfUrl: request.method === 'GET' ? request.url : undefined });
  return reply
    .code(page.status ?? 200)
    .header('cache-control', 'no-store')
    .header('content-language', page.language)
    .header('vary', 'Accept, Accept-Language')
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8')
    .send(html);
}

/**
 * A link that leads nowhere — incomplete, tampered with, expired, or to a page that does not
 * exist: a person gets a page in their language that says so and what to do next, with
 * the status a machine needs (400, 404, 410); an API client asking for JSON gets the same
 * status as problem+json. Says nothing about whose link it was.
 */
export async function sendLinkProblem(ctx: Pick<AppContext, 'config' | 'db'>, request: FastifyRequest, reply: FastifyReply, problem: LinkProblem, knownLanguage?: string | null): Promise<FastifyReply> {
  const status = LINK_PROBLEM_STATUS[problem];
  const code = `link.${problem}`;
  // A stranger's typo or an old e-mail, not a fault of ours: info, never error (the address is logged redacted).
  request.log.info({ problem: code, status }, 'link refused');
  if (prefersJson(request)) return sendProblem(reply, status, (TEXT.en[problem] as { lead: string }).lead, {}, code);
  const language = pageLanguageOf(request, knownLanguage);
  const t = TEXT[language];
  const { title, lead } = t[problem] as { title: string; lead: string };
  const steps = [problem === 'incomplete' || problem === 'not_found' || problem === 'invalid' ? t.checkAddress : undefined, t.latestMessage, t.contactUs]
    .filter((s): s is string => typeof s === 'string');
  const body = `<p>${escapeHtml(lead)}</p>
<h2>${escapeHtml(t.whatNow as string)}</h2>
<ul>${steps.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>
<p class="reference">${escapeHtml((t.reference as string).replace('{code}', `${code.toUpperCase()}`))}</p>`;
  return sendPublicPage(ctx, request, reply, { status, language, title, body });
}
