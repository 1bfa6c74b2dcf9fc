import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.ts';

/**
 * Issue 11: the public page promised "within 24 hours" while the case's SLA fell due on
 * the Moscow calendar, three days later over a weekend, for British customers too. The
 * promise is now the registered case's own first-response deadline, on the customer's
 * calendar, and it is checked here at moments that used to break: a Friday afternoon and
 * evening and a Saturday — set on the app's clock, never read from the wall clock.
 */
describe("the public complaint page's promise", () => {
  let t: TestApp;
  let n = 0;
  const buyers: Record<'london' | 'chicago', { email: string; order: string }> = {} as never;

  beforeAll(async () => {
    t = await startTestApp();
    t.clock.set('2026-01-13T09:00:00Z'); // a Tuesday morning; each test moves forward from here
    for (const [key, country, region, zone] of [['london', 'GB', 'Greater London', 'Europe/London'], ['chicago', 'US', 'Illinois', 'America/Chicago']] as const) {
      const [customer] = await t.db.query<{ id: number }>(
        'INSERT INTO customers (external_id, name, email, country, region, time_zone) VALUES ($1, $1, $2, $3, $4, $5) RETURNING id', [`C-${key}`, `${key}@example.com`, country, region, zone]);
      await t.db.query(`INSERT INTO orders (external_id, customer_id, channel, ordered_at, currency) VALUES ($1, $2, 'online', '2026-01-02T10:00:00Z', 'GBP')`, [`ORD-${key}`, customer!.id]);
      buyers[key] = { email: `${key}@example.com`, order: `ORD-${key}` };
    }
  });
  afterAll(async () => t.close());

  // Delivery from a standard customer stays 'normal' after triage (processes/complaint-triage.dmn), so the deadline does not move.
  const complain = (buyer: keyof typeof buyers) => t.app.inject({
    method: 'POST', url: '/api/public/complaints',
    payload: { order_number: buyers[buyer].order, email: buyers[buyer].email, category: 'delivery', essence: `The parcel came late, time ${++n}.` },
  });
  const caseOf = async (reference: string) => {
    const agent = await t.login(['agent']);
    const [row] = await t.db.query<{ id: number }>("SELECT id FROM cases WHERE type = 'complaint' AND business_key = $1", [reference]);
    return (await t.app.inject({ method: 'GET', url: `/api/cases/${row!.id}`, headers: { cookie: agent } })).json();
  };

  it('says before anyone writes how many business hours the SLA gives a new complaint', async () => {
    const promise = await t.app.inject({ method: 'GET', url: '/api/public/complaints/promise' });
    expect(promise.statusCode).toBe(200);
    expect(promise.json()).toEqual({ answer_within_business_minutes: 240 }); // complaint/normal in migration 001
  });

  it.each([
    ['a Tuesday morning', '2026-01-13T10:00:00Z', '2026-01-13T14:00:00.000Z'],
    ['a Friday at 16:00 in London', '2026-01-16T16:00:00Z', '2026-01-19T11:30:00.000Z'], // 1½ h on Friday, 2½ h from Monday 09:00
    ['a Friday evening', '2026-01-16T20:00:00Z', '2026-01-19T13:00:00.000Z'],
    ['a Saturday', '2026-01-17T12:00:00Z', '2026-01-19T13:00:00.000Z'],
  ])("promises a British customer writing on %s exactly the case's first-response deadline on the London calendar", async (_when, at, due) => {
    t.clock.set(at);
    const response = await complain('london');
    expect(response.statusCode, response.body).toBe(201);
    const { reference, answer_by: answerBy, answer_within_business_minutes: minutes } = response.json();
    expect(answerBy).toBe(due);
    expect(minutes).toBe(240);
    const detail = await caseOf(reference);
    expect(detail.case.first_response_due_at).toBe(answerBy);
    expect(detail.sla.calendar).toMatchObject({ id: 'gb-london', basis: 'customer_country', place: 'GB / Greater London', holiday_region: 'GB-ENG' });
  });

  it("promises a customer from a country without a calendar the team's deadline, and the case says why", async () => {
    t.clock.set('2026-01-17T12:00:00Z'); // Saturday: Monday 09:00 in Moscow (06:00Z) + 4 h
    const { reference, answer_by: answerBy } = (await complain('chicago')).json();
    expect(answerBy).toBe('2026-01-19T10:00:00.000Z');
    const detail = await caseOf(reference);
    expect(detail.case.first_response_due_at).toBe(answerBy);
    expect(detail.sla.calendar).toMatchObject({ id: 'ru-moscow', basis: 'team_default', place: 'US / Illinois' });
  });

  it("lets a manager put complaints on the team's calendar, or serve a country by another calendar; agents may not", async () => {
    t.clock.set('2026-01-19T08:00:00Z');
    const manager = await t.login(['manager']);
    const agent = await t.login(['agent']);
    const put = (url: string, payload: unknown, cookie = manager) => t.app.inject({ method: 'PUT', url, headers: { cookie }, payload: payload as never });
    expect((await put('/api/case-types/complaint/sla-calendar-source', { source: 'team' }, agent)).statusCode).toBe(403);
    const bad = await put('/api/case-types/complaint/sla-calendar-source', { source: 'wherever' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    const unknownCalendar = await put('/api/sla-calendar-places', { country: 'US', calendar_id: 'no-such-calendar' });
    expect(unknownCalendar.statusCode).toBe(400);
    expect(unknownCalendar.json()).toMatchObject({ type: '/problems/cases.calendar_unknown', errors: [{ field: 'body.calendar_id' }] });

    expect((await put('/api/sla-calendar-places', { country: 'US', calendar_id: 'gb-london' })).json()).toEqual({ country: 'US', region: '', calendar_id: 'gb-london' });
    const american = await caseOf((await complain('chicago')).json().reference);
    expect(american.sla.calendar).toMatchObject({ id: 'gb-london', basis: 'customer_country' });

    expect((await put('/api/case-types/complaint/sla-calendar-source', { source: 'team' })).json()).toEqual({ type: 'complaint', sla_calendar_source: 'team' });
    const response = (await complain('london')).json();
    const british = await caseOf(response.reference);
    expect(british.sla.calendar).toMatchObject({ id: 'ru-moscow', basis: 'team_configured' });
    expect(response.answer_by).toBe(british.case.first_response_due_at);
    const types = (await t.app.inject({ method: 'GET', url: '/api/case-types', headers: { cookie: agent } })).json();
    expect(types.find((type: { type: string }) => type.type === 'complaint')).toMatchObject({ sla_calendar_source: 'team' });
  });
});
