import type { Message } from '../../i18n/i18n.ts';
import type { privacyEn } from './privacy.en.ts';

/** Конфиденциальность на странице клиента: выгрузка данных и запросы на удаление. */
export const privacyRu: Record<keyof typeof privacyEn, Message> = {
  'privacy.heading': 'Персональные данные',
  'privacy.intro': 'Что клиент вправе запросить: копию всех данных о нём или их удаление. Каждая выгрузка записывается в журнал аудита.',
  'privacy.download': 'Скачать данные (ZIP)',
  'privacy.viewPage': 'Открыть как страницу',
  'privacy.requestErasure': 'Запросить удаление',
  'privacy.requesting': 'Отправка…',
  'privacy.confirmRequest': 'Открыть запрос на удаление? Администратор проверит личность заявителя (в течение 30 дней), затем данные клиента будут удалены везде. Это необратимо.',
  'privacy.request': 'Запрос на удаление {id}',
  'privacy.received': 'получен {date}',
  'privacy.due': 'ответить до {date}',
  'privacy.erasedOn': 'удалено {date}',
  'privacy.status.identity_check': 'Проверка личности',
  'privacy.status.rejected': 'Отказано',
  'privacy.status.erased': 'Удалено',
  'privacy.status.confirmed': 'Удалено, клиент уведомлён',
};
