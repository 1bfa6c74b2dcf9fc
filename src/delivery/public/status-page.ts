import { randomBytes } from 'node:crypto';
import { declareTemplateKey, enqueueContactMessages, installShippedTemplate } from '../../comms/index.ts';
import type { Language } from '../../comms/templates/languages.ts';
import type { TemplateTexts } from '../../comms/templates/template-fields.ts';

import type { Actor } from '../../platform/audit/audit.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { publicUrl } from '../../platform/config/config.ts';
import type { Db } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors/app-error.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { signToken } from '../../platform/links/signed-token.ts';

/**
 * An incident's public status page (issue 15.5, D2): what staff choose to say in public —
 * never the incident's internal title, cause or notes — the regions and carriers its late
 * orders go to and with, timed updates and a FAQ. People subscribe by e-mail with proof of
 * control: nothing is stored until the signed link in the confirmation e-mail is followed.
 */
export const SUBSCRIBE_PURPOSE = 'delivery-status-subscribe';
export const LEAVE_PURPOSE = 'delivery-status-leave';
export const CONFIRM_TEMPLATE = 'delivery.status_confirm';
export const UPDATE_TEMPLATE = 'delivery.status_update';
export const CONFIRM_LINK_HOURS = 48;
const LEAVE_LINK_DAYS = 365;

export interface FaqEntry { question: string; answer: string }
export const PAGE_LANGUAGES = ['en', 'ru', 'uk', 'sv'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];
/** What the public reads in one language. */
export interface PageText { public_title: string | null; public_summary: string | null; faq: FaqEntry[] }

/**
 * A text in the reader's language, else in English, else in the first language written — and
 * whether it fell back, so the page can say so rather than pass it off as a translation.
 */
export function inLanguage<T>(texts: Partial<Record<string, T>>, language: string): { value: T; language: string; fallback: boolean } | undefined {
  for (const candidate of [language, 'en', ...Object.keys(texts)]) {
    const value = texts[candidate];
    if (value !== undefined) return { value, language: candidate, fallback: candidate !== language };
  }
  return undefined;
}

/** The public title in a language (with the same fallback); a published page always has one. */
export const titleIn = (page: Pick<StatusPage, 'texts'>, language: string) =>
  PAGE_LANGUAGES.map((l) => page.texts[l]).some((t) => t?.public_title)
    ? inLanguage(Object.fromEntries(Object.entries(page.texts).filter(([, t]) => t?.public_title).map(([l, t]) => [l, t!.public_title!])), language)!.value
    : '';

export interface StatusPage {
  incident_id: number;
  reference: string;
  incident_status: string;
  slug: string;
  url: string;
  texts: Partial<Record<PageLanguage, PageText>>;
  published: boolean;
  published_at: Date | null;
  updated_at: Date;
  updated_by: string;
  regions: string[];
  carriers: string[];
  subscribers: number;
  updates: StatusUpdate[];
}

export interface StatusUpdate { id: number; texts: Partial<Record<PageLanguage, string>>; posted_at: Date; posted_by: string; sent: number }

const asLanguage = (value: string | null | undefined): Language => (value === 'ru' || value === 'uk' || value === 'sv' ? value : 'en');

export const statusPageUrl = (ctx: AppContext, slug: string, language?: string) =>
  `${publicUrl(ctx.config)}/status/${encodeURIComponent(slug)}${language ? `?lang=${language}` : ''}`;

/** The page of an incident, created (unpublished, empty) the first time staff open it. */
async function ensurePage(db: Db, clock: { now(): Date }, incidentId: number, actor: Actor): Promise<void> {
  const [incident] = await db.query<{ reference: string }>('SELECT reference FROM delivery_incidents WHERE id = $1', [incidentId]);
  if (!incident) throw new AppError('not_found', `delivery incident ${incidentId} was not found`);
  // The random part keeps unpublished and future pages from being guessed from the reference.
  const slug = `${incident.reference.toLowerCase()}-${randomBytes(4).toString('hex')}`;
  await db.query(
    `INSERT INTO delivery_status_pages (incident_id, slug, updated_at, updated_by) VALUES ($1, $2, $3, $4) ON CONFLICT (incident_id) DO NOTHING`,
    [incidentId, slug, clock.now(), actor.label]);
}

export async function getStatusPage(ctx: AppContext, incidentId: number, actor: Actor): Promise<StatusPage> {
  await ensurePage(ctx.db, ctx.clock, incidentId, actor);
  return (await readPage(ctx, 'p.incident_id = $1', incidentId))!;
}

/** The published page of a slug, or undefined (unknown or unpublished: the caller answers 404 either way). */
export async function publishedPage(ctx: AppContext, slug: string): Promise<StatusPage | undefined> {
  return readPage(ctx, 'p.slug = $1 AND p.published', slug);
}

async function readPage(ctx: AppContext, where: string, value: unknown): Promise<StatusPage | undefined> {
  const [page] = await ctx.db.query<Omit<StatusPage, 'url' | 'updates'>>(
    `SELECT p.incident_id::int, i.reference, i.status AS incident_status, p.slug, p.texts, p.published, p.published_at, p.updated_at, p.updated_by,
            coalesce((SELECT array_agg(DISTINCT coalesce(s.destination_region, c.region) ORDER BY coalesce(s.destination_region, c.region))
                      FROM delivery_delays d JOIN shipments s ON s.id = d.shipment_id LEFT JOIN orders o ON o.id = s.order_id LEFT JOIN customers c ON c.id = o.customer_id
                      WHERE d.incident_id = p.incident_id AND coalesce(s.destination_region, c.region) IS NOT NULL), '{}') AS regions,
            coalesce((SELECT array_agg(DISTINCT s.carrier ORDER BY s.carrier) FROM delivery_delays d JOIN shipments s ON s.id = d.shipment_id
                      WHERE d.incident_id = p.incident_id), '{}') AS carriers,
            (SELECT count(*)::int FROM delivery_status_subscribers ss WHERE ss.incident_id = p.incident_id AND ss.unsubscribed_at IS NULL) AS subscribers
     FROM delivery_status_pages p JOIN delivery_incidents i ON i.id = p.incident_id WHERE ${where}`, [value]);
  if (!page) return undefined;
  const updates = await ctx.db.query<StatusUpdate>(
    'SELECT id::int, texts, posted_at, posted_by, sent FROM delivery_status_updates WHERE incident_id = $1 ORDER BY posted_at DESC, id DESC', [page.incident_id]);
  return { ...page, url: statusPageUrl(ctx, page.slug), updates };
}

export interface PageTexts { language: PageLanguage; public_title?: string; public_summary?: string; faq?: FaqEntry[] }

export async function saveStatusPage(ctx: AppContext, actor: Actor, incidentId: number, texts: PageTexts): Promise<StatusPage> {
  await ensurePage(ctx.db, ctx.clock, incidentId, actor);
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `UPDATE delivery_status_pages
       SET texts = jsonb_set(texts, ARRAY[$2::text], jsonb_build_object(
             'public_title', coalesce(to_jsonb($3::text), texts->$2->'public_title', 'null'::jsonb),
             'public_summary', coalesce(to_jsonb($4::text), texts->$2->'public_summary', 'null'::jsonb),
             'faq', coalesce($5::jsonb, texts->$2->'faq', '[]'::jsonb))),
           updated_at = $6, updated_by = $7
       WHERE incident_id = $1`,
      [incidentId, texts.language, texts.public_title?.trim() ?? null, texts.public_summary?.trim() ?? null, texts.faq ? JSON.stringify(texts.faq) : null, ctx.clock.now(), actor.label]);
    await recordAudit(tx, actor, { action: 'edit_status_page', entity: 'delivery_incident', entityId: incidentId, details: { fields: Object.keys(texts), language: texts.language } });
  });
  return getStatusPage(ctx, incidentId, actor);
}

/** Publishing needs what the public reads: a title and a summary of what happened, in English at least (every reader's fallback). */
export async function setPublished(ctx: AppContext, actor: Actor, incidentId: number, published: boolean): Promise<StatusPage> {
  const page = await getStatusPage(ctx, incidentId, actor);
  if (published) {
    const en = page.texts.en;
    const missing = [!en?.public_title && 'body.public_title', !en?.public_summary && 'body.public_summary'].filter((f): f is string => !!f);
    if (missing.length) {
      throw new AppError('unprocessable', 'write the public title and summary in English (language en) before publishing the page', 'delivery.status_page_incomplete',
        { errors: missing.map((field) => ({ field, message: 'required before publishing' })) });
    }
  }
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `UPDATE delivery_status_pages SET published = $2, published_at = CASE WHEN $2 THEN coalesce(published_at, $3) ELSE published_at END, updated_at = $3, updated_by = $4 WHERE incident_id = $1`,
      [incidentId, published, ctx.clock.now(), actor.label]);
    await recordAudit(tx, actor, { action: published ? 'publish_status_page' : 'unpublish_status_page', entity: 'delivery_incident', entityId: incidentId });
  });
  return getStatusPage(ctx, incidentId, actor);
}

/**
 * A staff update, posted and written to the outbox for every confirmed subscriber in one
 * transaction: one e-mail per (update, address), ever — the outbox key holds it. Only a
 * published page takes updates, so none is posted that nobody is told about.
 */
export async function postStatusUpdate(ctx: AppContext, actor: Actor, incidentId: number, texts: Partial<Record<PageLanguage, string>>): Promise<StatusUpdate> {
  if (!texts.en?.trim()) throw new AppError('invalid', 'write the update in English (en) at least: it is what readers of another language fall back to', 'delivery.status_update_en', { errors: [{ field: 'body.texts.en', message: 'required' }] });
  const clean = Object.fromEntries(Object.entries(texts).filter(([, v]) => v?.trim()).map(([l, v]) => [l, v!.trim()])) as Partial<Record<PageLanguage, string>>;
  const page = await getStatusPage(ctx, incidentId, actor);
  if (!page.published) throw new AppError('conflict', 'publish the status page before posting updates: subscribers would be sent to a page that is not there', 'delivery.status_page_unpublished');
  const id = await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const [row] = await tx.query<{ id: number }>(
      'INSERT INTO delivery_status_updates (incident_id, texts, posted_at, posted_by) VALUES ($1, $2, $3, $4) RETURNING id::int', [incidentId, JSON.stringify(clean), now, actor.label]);
    const subscribers = await tx.query<{ id: number; email: string; language: string }>(
      'SELECT id::int, email, language FROM delivery_status_subscribers WHERE incident_id = $1 AND unsubscribed_at IS NULL ORDER BY id', [incidentId]);
    const expires = new Date(now.getTime() + LEAVE_LINK_DAYS * 86_400_000);
    const sent = subscribers.length ? await enqueueContactMessages(tx, ctx, {
      recipients: subscribers.map((s) => ({
        address: s.email, name: '', language: asLanguage(s.language),
        variables: {
          title: titleIn(page, s.language), update: inLanguage(clean, s.language)!.value, page_url: statusPageUrl(ctx, page.slug, s.language),
          leave_url: `${publicUrl(ctx.config)}/status/leave?t=${signToken(ctx.signingKey, { purpose: LEAVE_PURPOSE, subject: String(s.id) }, expires)}&lang=${s.language}`,
        },
      })),
      templateKey: UPDATE_TEMPLATE,
      campaign: `delivery.status-update:${row!.id}`,
      reason: 'delivery.status_update',
      resource: { type: 'delivery_incident', id: incidentId },
    }) : { queued: 0, failed: 0 };
    await tx.query('UPDATE delivery_status_updates SET sent = $2 WHERE id = $1', [row!.id, sent.queued]);
    await recordAudit(tx, actor, { action: 'post_status_update', entity: 'delivery_incident', entityId: incidentId, details: { update_id: row!.id, queued: sent.queued, failed: sent.failed } });
    return row!.id;
  });
  return (await ctx.db.query<StatusUpdate>('SELECT id::int, texts, posted_at, posted_by, sent FROM delivery_status_updates WHERE id = $1', [id]))[0]!;
}

/**
 * Someone asked for updates: a signed, expiring link goes to the address, nothing is stored.
 * One confirmation per address, page and day (the outbox key), so the form cannot flood a
 * mailbox; the caller answers the same whatever happened.
 */
export async function requestSubscription(ctx: AppContext, page: StatusPage, email: string, language: string): Promise<void> {
  const address = email.trim().toLowerCase();
  const now = ctx.clock.now();
  const token = signToken(ctx.signingKey, { purpose: SUBSCRIBE_PURPOSE, subject: String(page.incident_id), email: address, lang: language },
    new Date(now.getTime() + CONFIRM_LINK_HOURS * 3_600_000));
  await ctx.db.transaction((tx) => enqueueContactMessages(tx, ctx, {
    recipients: [{ address, name: '', language: asLanguage(language), variables: {
      title: titleIn(page, language), link: `${publicUrl(ctx.config)}/status/${encodeURIComponent(page.slug)}/confirm?t=${token}&lang=${language}`,
    } }],
    templateKey: CONFIRM_TEMPLATE,
    campaign: `delivery.status-confirm:${page.incident_id}:${now.toISOString().slice(0, 10)}`,
    reason: 'delivery.status_confirm',
    resource: { type: 'delivery_incident', id: page.incident_id },
    priority: 100,
  }));
}

/** The confirmation link was followed: now the address is a subscriber (again, if it had left). */
export async function confirmSubscription(ctx: AppContext, incidentId: number, email: string, language: string): Promise<void> {
  await ctx.db.query(
    `INSERT INTO delivery_status_subscribers (incident_id, email, language, confirmed_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (incident_id, email) DO UPDATE SET language = EXCLUDED.language, confirmed_at = EXCLUDED.confirmed_at, unsubscribed_at = NULL`,
    [incidentId, email, asLanguage(language), ctx.clock.now()]);
}

export async function leaveSubscription(ctx: AppContext, subscriberId: number): Promise<{ incident_id: number; slug: string } | undefined> {
  await ctx.db.query('UPDATE delivery_status_subscribers SET unsubscribed_at = coalesce(unsubscribed_at, $2) WHERE id = $1', [subscriberId, ctx.clock.now()]);
  const [row] = await ctx.db.query<{ incident_id: number; slug: string }>(
    `SELECT p.incident_id::int, p.slug FROM delivery_status_subscribers s JOIN delivery_status_pages p ON p.incident_id = s.incident_id WHERE s.id = $1`, [subscriberId]);
  return row;
}

/** The published status page of the incident a shipment's delay belongs to, if any (the tracker links to it). */
export async function statusPageOfShipment(db: Db, shipmentId: number): Promise<string | undefined> {
  const [row] = await db.query<{ slug: string }>(
    'SELECT p.slug FROM delivery_delays d JOIN delivery_status_pages p ON p.incident_id = d.incident_id AND p.published WHERE d.shipment_id = $1', [shipmentId]);
  return row?.slug;
}

const mail = (subject: string, lines: string[], linkLabel: string, link: string, footer?: string): TemplateTexts => ({
  email_subject: subject,
  email_html: `${lines.map((l) => `<p>${l}</p>`).join('')}<p><a href="{{${link}}}">${linkLabel}</a></p>${footer ? `<p style="font-size:12px;color:#5f6b7a">${footer}</p>` : ''}`,
  email_text: `${lines.join('\n\n')}\n\n${linkLabel}: {{${link}}}\n${footer ? `\n${footer}\n` : ''}`,
  sms_text: null,
});

const CONFIRM_TEXTS: Record<Language, TemplateTexts> = {
  en: mail('Confirm: updates about {{title}}', ['You asked for e-mail updates about: {{title}}.', 'Open this link to confirm (it works for 48 hours). If it was not you, ignore this e-mail: nothing happens without it.'], 'Confirm my subscription', 'link'),
  ru: mail('Подтвердите: новости о «{{title}}»', ['Вы попросили присылать новости о событии: {{title}}.', 'Откройте ссылку, чтобы подтвердить (она действует 48 часов). Если это были не вы, проигнорируйте письмо: без подтверждения ничего не произойдёт.'], 'Подтвердить подписку', 'link'),
  uk: mail('Підтвердьте: новини про «{{title}}»', ['Ви попросили надсилати новини про подію: {{title}}.', 'Відкрийте посилання, щоб підтвердити (воно діє 48 годин). Якщо це були не ви, проігноруйте лист: без підтвердження нічого не станеться.'], 'Підтвердити підписку', 'link'),
  sv: mail('Bekräfta: uppdateringar om {{title}}', ['Du bad om uppdateringar via e-post om: {{title}}.', 'Öppna länken för att bekräfta (den gäller i 48 timmar). Om det inte var du kan du bortse från meddelandet: inget händer utan den.'], 'Bekräfta min prenumeration', 'link'),
};

const UPDATE_TEXTS: Record<Language, TemplateTexts> = {
  en: mail('Update: {{title}}', ['{{update}}'], 'Read the status page', 'page_url', 'You receive this because you subscribed to updates about this delivery problem. Stop them: {{leave_url}}'),
  ru: mail('Новость: {{title}}', ['{{update}}'], 'Открыть страницу статуса', 'page_url', 'Вы получили это письмо, потому что подписались на новости об этой проблеме с доставкой. Отписаться: {{leave_url}}'),
  uk: mail('Новина: {{title}}', ['{{update}}'], 'Відкрити сторінку статусу', 'page_url', 'Ви отримали цей лист, бо підписалися на новини про цю проблему з доставкою. Відписатися: {{leave_url}}'),
  sv: mail('Uppdatering: {{title}}', ['{{update}}'], 'Läs statussidan', 'page_url', 'Du får detta eftersom du prenumererar på uppdateringar om leveransproblemet. Avsluta: {{leave_url}}'),
};

export async function installStatusPageTemplates(db: Db): Promise<void> {
  await declareTemplateKey(db, {
    key: CONFIRM_TEMPLATE,
    description: 'The confirmation e-mail someone asks for on a delivery incident status page; subscribed only once its link is opened',
    variables: {
      title: { description: 'The public title of the status page', sample: 'Late deliveries in the north' },
      link: { description: 'The signed confirmation link (48 hours)', sample: 'https://example.com/status/di-20261118-001-ab12cd34/confirm?t=…' },
    },
  });
  await declareTemplateKey(db, {
    key: UPDATE_TEMPLATE,
    description: 'A staff update on a delivery incident status page, sent to its confirmed subscribers',
    variables: {
      title: { description: 'The public title of the status page', sample: 'Late deliveries in the north' },
      update: { description: 'The update as staff wrote it', sample: 'The carrier has added two extra trucks; most parcels arrive by Friday.' },
      page_url: { description: 'The status page', sample: 'https://example.com/status/di-20261118-001-ab12cd34' },
      leave_url: { description: 'The signed link that stops these e-mails', sample: 'https://example.com/status/leave?t=…' },
    },
  });
  await installShippedTemplate(db, CONFIRM_TEMPLATE, CONFIRM_TEXTS);
  await installShippedTemplate(db, UPDATE_TEMPLATE, UPDATE_TEXTS);
}
