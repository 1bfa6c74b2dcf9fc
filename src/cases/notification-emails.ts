import { enqueueContactMessages, ensureDefaultTemplates } from '../comms/index.ts';
import { isLanguage } from '../comms/templates/languages.ts';
import { publicUrl } from '../platform/config/config.ts';
import type { Db } from '../platform/db/database.ts';
import type { AppContext } from '../platform/http/context.ts';

export const CASE_NOTIFICATION_TEMPLATE = 'case.notification';

type Texts = { email_subject: string; email_html: string; email_text: string };
const texts = (hello: string, open: string): Texts => ({
  email_subject: '{{message}}',
  email_html: `<p>${hello}</p><p>{{message}}</p><blockquote style="white-space:pre-line;border-left:3px solid #ccc;margin:0;padding-left:12px">{{excerpt}}</blockquote><p><a href="{{case_url}}">${open}</a></p>`,
  email_text: `${hello}\n\n{{message}}\n\n{{excerpt}}\n\n${open}: {{case_url}}\n`,
});
const TEXTS = {
  en: texts('Hello {{customer.name}},', 'Open the case'),
  ru: texts('{{customer.name}}, здравствуйте!', 'Открыть обращение'),
  uk: texts('{{customer.name}}, вітаємо!', 'Відкрити звернення'),
  sv: texts('Hej {{customer.name}},', 'Öppna ärendet'),
};

/**
 * The shipped e-mail for a colleague's notification, in each language that has none yet:
 * installed when the cases module's workers start (every server and worker process), not
 * on each notification.
 */
export async function installCaseNotificationTemplate(db: Db): Promise<void> {
  await ensureDefaultTemplates(db, {
    key: CASE_NOTIFICATION_TEMPLATE,
    description: 'The e-mail to a colleague mentioned on a case, given a case, or told a deadline passed (C3)',
    variables: {
      message: { description: 'What happened, in one line', sample: 'Anna Petrova mentioned you on case #42 "Sour yoghurt"' },
      excerpt: { description: 'The comment that mentions them, or the case title', sample: '@ivan@example.com can you call the customer today?' },
      case_url: { description: 'The case in the console', sample: 'https://rebound.example/console/cases/42' },
    },
  }, TEXTS);
}

const EXCERPT_CHARS = 600;

/**
 * Each notification also goes to the colleague's mailbox, written to the outbox in the
 * transaction that created it (a mention is e-mailed exactly when the comment is saved).
 * One message per notification, ever: the campaign names the notification row.
 */
export async function emailNotifications(tx: Db, ctx: AppContext, notificationIds: readonly number[]): Promise<void> {
  if (!notificationIds.length) return;
  const rows = await tx.query<{ id: number; case_id: number; message: string; email: string; name: string; language: string; excerpt: string }>(
    `SELECT n.id, n.case_id, n.message, u.email, u.name, u.language, coalesce(cc.body, c.title) AS excerpt
     FROM case_notifications n JOIN users u ON u.id = n.user_id JOIN cases c ON c.id = n.case_id
     LEFT JOIN case_comments cc ON cc.id = n.comment_id
     WHERE n.id = ANY($1::bigint[]) AND u.disabled_at IS NULL ORDER BY n.id`,
    [notificationIds],
  );
  if (!rows.length) return;
  const base = publicUrl(ctx.config);
  for (const row of rows) {
    const excerpt = row.excerpt.length > EXCERPT_CHARS ? `${row.excerpt.slice(0, EXCERPT_CHARS - 1)}…` : row.excerpt;
    await enqueueContactMessages(tx, ctx, {
      recipients: [{
        address: row.email, name: row.name, language: isLanguage(row.language) ? row.language : 'en',
        variables: { message: row.message, excerpt, case_url: `${base}/console/cases/${row.case_id}` },
      }],
      templateKey: CASE_NOTIFICATION_TEMPLATE,
      campaign: `case-notification:${row.id}`,
      reason: 'case.notification',
      // The notification's own message, not the customer's story: kept off the case timeline.
      resource: { type: 'case_notification', id: row.id },
      priority: 50,
    });
  }
}
