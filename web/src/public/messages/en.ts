import type { Message } from '../../i18n/i18n.ts';

/** Public pages in English: the reference catalogue for ru, uk and sv. */
export const en = {
  'shell.siteName': 'Customer care',
  'shell.language': 'Language',
  'shell.skip': 'Skip to content',
  'shell.footer': 'Powered by Rebound',
  'notFound.title': 'We could not find this page',
  'notFound.lead': 'The address may be mistyped, or the page is no longer available.',
  'expired.title': 'This link has expired',
  'expired.lead': 'For your security, links in our messages work only for a limited time.',
  'problem.whatNow': 'What you can do',
  'problem.checkAddress': 'Check that the address is complete, especially if you copied it by hand.',
  'problem.latestMessage': 'Open the most recent message we sent you: it has an up-to-date link.',
  'problem.contactUs': 'Reply to that message or contact our customer service, and we will help you.',
  'problem.code': 'Reference: {code}',
} satisfies Record<string, Message>;

export type PublicMessageKey = keyof typeof en;
