import type { Message } from '../../i18n/i18n.ts';
import type { PublicMessageKey } from './en.ts';

export const ru: Record<PublicMessageKey, Message> = {
  'shell.siteName': 'Забота о клиентах',
  'shell.language': 'Язык',
  'shell.skip': 'Перейти к содержимому',
  'shell.footer': 'Работает на Rebound',
  'notFound.title': 'Мы не нашли эту страницу',
  'notFound.lead': 'Возможно, в адресе опечатка или страница больше недоступна.',
  'expired.title': 'Срок действия ссылки истёк',
  'expired.lead': 'Ради вашей безопасности ссылки в наших сообщениях действуют ограниченное время.',
  'problem.whatNow': 'Что можно сделать',
  'problem.checkAddress': 'Проверьте, что адрес указан полностью, особенно если вы переписывали его вручную.',
  'problem.latestMessage': 'Откройте последнее сообщение от нас: в нём актуальная ссылка.',
  'problem.contactUs': 'Ответьте на это сообщение или обратитесь в нашу службу поддержки — мы поможем.',
  'problem.code': 'Код для обращения: {code}',
};
