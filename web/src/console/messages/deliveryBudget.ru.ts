import type { Message } from '../../i18n/i18n.ts';
import type { deliveryBudgetEn } from './deliveryBudget.en.ts';

/** Предпросмотр компенсации рядом с утверждением бюджета, по-русски. */
export const deliveryBudgetRu: Record<keyof typeof deliveryBudgetEn, Message> = {
  'deliveryBudget.title': 'Предпросмотр компенсации',
  'deliveryBudget.lead': 'Что {decision} даёт задержанным заказам инцидента {incident}, по валютам. Выдача выдаст ровно это за счёт бюджета, который вы утвердите для каждой валюты.',
  'deliveryBudget.currency': 'Валюта',
  'deliveryBudget.options': 'Варианты',
  'deliveryBudget.toIssue': 'К выдаче',
  'deliveryBudget.budgets': 'Открытые бюджеты',
  'deliveryBudget.orders': 'заказов: {count}',
  'deliveryBudget.points': 'баллов: {points}',
  'deliveryBudget.issued': 'Уже выдано: заказов {orders}, {amount}',
  'deliveryBudget.remaining': 'осталось {amount}',
  'deliveryBudget.noBudget': 'Нет открытого бюджета в {currency}: сначала заведите его в разделе «Бюджеты компенсаций».',
  'deliveryBudget.nothing': 'Ни одному задержанному заказу инцидента компенсация по правилам не положена.',
  'deliveryBudget.undecided': 'Заказов без компенсации по правилам: {count} (причины — в предпросмотре компенсации инцидента).',
  'deliveryBudget.option.shipping_refund': 'Возврат стоимости доставки',
  'deliveryBudget.option.coupon': 'Купон',
  'deliveryBudget.option.partial_refund': 'Частичный возврат',
  'deliveryBudget.option.gift': 'Подарок',
  'deliveryBudget.option.loyalty_points': 'Бонусные баллы',
};
