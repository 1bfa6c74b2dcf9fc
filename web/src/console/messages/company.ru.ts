import type { Message } from '../../i18n/i18n.ts';
import type { companyEn } from './company.en.ts';

/** Экран настроек компании на русском: ключ в ключ с `company.en.ts`. */
export const companyRu: Record<keyof typeof companyEn, Message> = {
  'nav.company': 'Компания',
  'company.title': 'Компания',
  'company.subtitle': 'Кто указан отзывающей компанией в отчёте для регулятора и от чьего имени приходят письма потребителям. Пустое поле показывается как «не указано».',
  'company.profile': 'Компания',
  'company.legalName': 'Юридическое название',
  'company.address': 'Адрес',
  'company.city': 'Город',
  'company.postalCode': 'Почтовый индекс',
  'company.country': 'Страна (код ISO, например RU)',
  'company.safetyContact': 'Контакт по безопасности продукции и для регуляторов',
  'company.safetyName': 'Имя или служба',
  'company.safetyEmail': 'Эл. почта',
  'company.safetyPhone': 'Телефон',
  'company.sender': 'Письма потребителям',
  'company.brandName': 'Название бренда в шапке письма',
  'company.senderName': 'Имя отправителя',
  'company.senderEmail': 'Адрес отправителя',
  'company.effectiveSender': 'Письма потребителям отправляются от: {from}',
  'company.fallbackSender': 'Отправитель не указан: письма уходят от SMTP_FROM из конфигурации сервера ({from}).',
  'company.brands': 'Отправители по брендам',
  'company.brandsHint': 'Если все товары отзыва одного бренда, уведомление приходит от этого бренда. Пишите бренд так же, как в карточках товаров.',
  'company.brand': 'Бренд',
  'company.addBrand': 'Добавить бренд',
  'company.removeBrand': 'Удалить {brand}',
  'company.saved': 'Настройки компании сохранены.',
  'company.updated': 'Изменено {at}, {by}',
};
