import type { Message } from '../../i18n/i18n.ts';
import type { PublicMessageKey } from './en.ts';

export const uk: Record<PublicMessageKey, Message> = {
  'shell.siteName': 'Турбота про клієнтів',
  'shell.language': 'Мова',
  'shell.skip': 'Перейти до вмісту',
  'shell.footer': 'Працює на Rebound',
  'notFound.title': 'Ми не знайшли цю сторінку',
  'notFound.lead': 'Можливо, в адресі помилка або сторінка більше недоступна.',
  'expired.title': 'Термін дії посилання минув',
  'expired.lead': 'Задля вашої безпеки посилання в наших повідомленнях діють обмежений час.',
  'problem.whatNow': 'Що можна зробити',
  'problem.checkAddress': 'Перевірте, що адресу вказано повністю, особливо якщо ви переписували її вручну.',
  'problem.latestMessage': 'Відкрийте останнє повідомлення від нас: у ньому актуальне посилання.',
  'problem.contactUs': 'Дайте відповідь на це повідомлення або зверніться до нашої служби підтримки — ми допоможемо.',
  'problem.code': 'Код для звернення: {code}',
};
