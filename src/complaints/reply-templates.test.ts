import { describe, expect, it } from 'vitest';
import { replyBody } from './reply-templates.ts';

// Issue 11: the reply template greets the customer; an agent's own greeting would make it twice.
describe("an agent's reply inside the shipped reply template", () => {
  it('drops a first line that only greets, in each language', () => {
    expect(replyBody('Dear Anna,\n\nWe have refunded the order.')).toBe('We have refunded the order.');
    expect(replyBody('Здравствуйте, Анна!\nМы вернули деньги.')).toBe('Мы вернули деньги.');
    expect(replyBody('Вітаємо, Олено!\n\nМи повернули кошти.')).toBe('Ми повернули кошти.');
    expect(replyBody('Hej Anna,\n\nVi har betalat tillbaka.')).toBe('Vi har betalat tillbaka.');
  });

  it('keeps a text that does not start with a greeting line, or is nothing but one', () => {
    expect(replyBody('Hilda from the warehouse checked the lot.\nIt is safe.')).toBe('Hilda from the warehouse checked the lot.\nIt is safe.');
    expect(replyBody('Hello, we refunded the order today and are sorry for the delay.')).toBe('Hello, we refunded the order today and are sorry for the delay.');
    expect(replyBody('Dear Anna,')).toBe('Dear Anna,');
    expect(replyBody('Hello Anna, thanks for writing about the yoghurt.\nWe refunded it.')).toBe('Hello Anna, thanks for writing about the yoghurt.\nWe refunded it.');
  });
});
