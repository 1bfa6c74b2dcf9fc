import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../../test/db.ts';
import type { Actor } from '../../platform/audit/audit.ts';
import { ManualClock } from '../../platform/clock/clock.ts';
import { loadConfig } from '../../platform/config/config.ts';
import type { Db } from '../../platform/db/database.ts';
import type { AppContext } from '../../platform/http/context.ts';
import { startJobs, type Jobs } from '../../platform/jobs/jobs.ts';
import { createCase, type NewCase } from '../create-case.ts';
import { getCase, getCaseDetail } from '../case-detail.ts';
import { installCaseNotificationTemplate } from '../notification-emails.ts';
import { recordFirstResponse, updateCase, type CaseChanges } from '../update-case.ts';
import { sweepSlaBreaches } from './breach-sweep.ts';

// Moscow is UTC+3 all year; the default policies run on the Moscow office calendar (Mon–Fri 09:00–18:00, RU holidays).
const msk = (local: string) => new Date(`${local}+03:00`);
const iso = (local: string) => msk(local).toISOString();

describe('the SLA clock of a case', () => {
  let db: Db;
  let jobs: Jobs;
  let ctx: AppContext;
  let ownerId: number;
  const actor: Actor = { kind: 'user', id: '0', label: 'agent@example.com' };

  beforeAll(async () => {
    db = await openTestDb();
    // The case service takes the app context for the modules that act on a resolution; none is registered here.
    jobs = await startJobs(db, { supervise: false });
    ctx = { db, config: loadConfig({ LOG_LEVEL: 'silent' }), clock: new ManualClock('2025-10-20T06:00:00Z'), jobs, signingKey: 'sla-test-signing-key-'.padEnd(48, 'x') };
    // What the cases module's workers install at start: the owner of a new case is told by e-mail.
    await installCaseNotificationTemplate(db);
    const [owner] = await db.query<{ id: number }>(
      `INSERT INTO users (email, name, password_hash, roles) VALUES ('owner@example.com', 'Olga Owner', 'x', ARRAY['agent']) RETURNING id`,
    );
    ownerId = owner!.id;
  });
  afterAll(async () => {
    await jobs?.stop();
    await db?.close();
  });

  const open = (at: string, input: Partial<NewCase> = {}) =>
    createCase(db, ctx, { type: 'complaint', title: 'Pack arrived wet', owner_id: ownerId, ...input }, { actor, at: msk(at) });
  const change = (id: number, at: string, changes: CaseChanges) => updateCase(db, ctx, id, changes, { actor, at: msk(at) });
  const events = (id: number, kind: string) =>
    db.query<{ at: Date; data: Record<string, unknown> }>('SELECT at, data FROM case_events WHERE case_id = $1 AND kind = $2 ORDER BY id', [id, kind]);

  it('takes its due dates from the policy in business time: a normal complaint gets 4 h to answer and 3 working days to resolve', async () => {
    const c = await open('2025-10-20T09:00');
    expect(c.first_response_due_at!.toISOString()).toBe(iso('2025-10-20T13:00'));
    expect(c.resolution_due_at!.toISOString()).toBe(iso('2025-10-22T18:00'));
  });

  it('counts from when the customer raised it, and from the next working morning when that was at night', async () => {
    const c = await open('2025-10-20T09:00', { received_at: msk('2025-10-17T22:30') }); // Friday night
    expect(c.first_response_due_at!.toISOString()).toBe(iso('2025-10-20T13:00'));
  });

  it('pauses while waiting for the customer and moves the dues out by exactly the business time paused', async () => {
    const c = await open('2025-10-20T09:00');
    const waiting = await change(c.id, '2025-10-20T10:00', { status: 'waiting_customer' });
    expect(waiting.sla_paused_at!.toISOString()).toBe(iso('2025-10-20T10:00'));
    expect(waiting.first_responded_at!.toISOString()).toBe(iso('2025-10-20T10:00')); // asking the customer is a response
    const resumed = await change(c.id, '2025-10-21T11:00', { status: 'open' });
    // Paused Monday 10:00–18:00 and Tuesday 09:00–11:00: ten business hours.
    expect(resumed.sla_paused_business_seconds).toBe(600 * 60);
    expect(resumed.sla_paused_at).toBeNull();
    expect(resumed.resolution_due_at!.toISOString()).toBe(iso('2025-10-24T10:00')); // Wednesday 18:00 + 10 business hours
    expect((await events(c.id, 'sla_paused')).length).toBe(1);
    expect((await events(c.id, 'sla_resumed'))[0]!.data).toMatchObject({ paused_business_minutes: 600, resolution_due_at: iso('2025-10-24T10:00') });
  });

  it('counts a pause over a weekend, a working Saturday and public holidays in business time only (RU, November 2025)', async () => {
    const c = await open('2025-10-30T17:00');
    await change(c.id, '2025-10-31T10:00', { status: 'waiting_customer' });
    const resumed = await change(c.id, '2025-11-05T10:00', { status: 'open' });
    // Friday 10–18 (480) + Saturday 1 November, a working short day 09–17 (480) + 2–4 November off + Wednesday 09–10 (60).
    expect(resumed.sla_paused_business_seconds / 60).toBe(1020);
  });

  it('is never breached while waiting for the customer, however long', async () => {
    const c = await open('2025-10-20T09:00', { priority: 'urgent' });
    await change(c.id, '2025-10-20T09:30', { status: 'waiting_customer' });
    const swept = await sweepSlaBreaches(db, msk('2025-10-27T09:00'));
    expect(swept.resolution).not.toContain(c.id);
    expect((await getCase(db, c.id)).sla_breached).toBe(false);
  });

  it('records a breach exactly once, however many sweeps run, even at the same time', async () => {
    const c = await open('2025-10-20T09:00', { priority: 'urgent' }); // first response within 1 business hour
    expect((await sweepSlaBreaches(db, msk('2025-10-20T09:59'))).firstResponse).not.toContain(c.id);
    const [first, second] = await Promise.all([sweepSlaBreaches(db, msk('2025-10-20T10:00')), sweepSlaBreaches(db, msk('2025-10-20T10:00'))]);
    expect([...first.firstResponse, ...second.firstResponse].filter((id) => id === c.id)).toEqual([c.id]);
    await sweepSlaBreaches(db, msk('2025-10-20T11:00'));
    expect(await events(c.id, 'sla_breached')).toEqual([{ at: msk('2025-10-20T10:00'), data: { target: 'first_response', due_at: iso('2025-10-20T10:00') } }]);
    const notes = await db.query("SELECT kind FROM case_notifications WHERE case_id = $1 AND user_id = $2 AND kind = 'sla_breached'", [c.id, ownerId]);
    expect(notes).toEqual([{ kind: 'sla_breached' }]);
    expect((await getCase(db, c.id)).first_response_breached_at!.toISOString()).toBe(iso('2025-10-20T10:00'));
  });

  it('records the breach first when a case is paused after its deadline but before any sweep, and keeps that deadline', async () => {
    const c = await open('2025-10-20T09:00', { priority: 'urgent' });
    const paused = await change(c.id, '2025-10-20T10:30', { status: 'waiting_customer' });
    expect(paused.first_response_breached_at!.toISOString()).toBe(iso('2025-10-20T10:30'));
    expect((await events(c.id, 'first_response'))[0]!.data).toMatchObject({ on_time: false });
    const resumed = await change(c.id, '2025-10-21T10:30', { status: 'open' });
    expect(resumed.first_response_due_at!.toISOString()).toBe(iso('2025-10-20T10:00'));
  });

  it('re-plans the dues from when the case was received when its priority changes', async () => {
    const c = await open('2025-10-20T09:00');
    const urgent = await change(c.id, '2025-10-20T09:30', { priority: 'urgent' });
    expect(urgent.first_response_due_at!.toISOString()).toBe(iso('2025-10-20T10:00'));
    expect(urgent.resolution_due_at!.toISOString()).toBe(iso('2025-10-20T18:00'));
    expect((await events(c.id, 'priority_changed'))[0]!.data).toMatchObject({ from: 'normal', to: 'urgent' });
  });

  it('runs a delivery incident on its own around-the-clock calendar (24 clock hours to answer)', async () => {
    const c = await open('2025-10-18T12:00', { type: 'delivery_incident' }); // a Saturday
    expect(c.sla_calendar_id).toBe('around-the-clock');
    expect(c.first_response_due_at!.toISOString()).toBe(iso('2025-10-19T12:00'));
  });

  it('stops the clock on resolve and resumes it on reopen', async () => {
    const c = await open('2025-10-20T09:00');
    const resolved = await change(c.id, '2025-10-20T12:00', { status: 'resolved' });
    expect(resolved.resolved_at!.toISOString()).toBe(iso('2025-10-20T12:00'));
    const reopened = await change(c.id, '2025-10-21T12:00', { status: 'open' });
    expect(reopened.resolved_at).toBeNull();
    expect(reopened.sla_paused_business_seconds / 60).toBe(540); // Monday 12–18, Tuesday 09–12
    expect(reopened.resolution_due_at!.toISOString()).toBe(iso('2025-10-23T18:00'));
  });

  it('refuses to reopen a closed case (409) and changes nothing', async () => {
    const c = await open('2025-10-20T09:00');
    await change(c.id, '2025-10-20T10:00', { status: 'closed' });
    await expect(change(c.id, '2025-10-20T11:00', { status: 'open' })).rejects.toMatchObject({ kind: 'conflict', code: 'cases.status_transition' });
    expect((await getCase(db, c.id)).status).toBe('closed');
  });

  it('counts only the first response to the customer', async () => {
    const c = await open('2025-10-20T09:00');
    await recordFirstResponse(db, c.id, 'phone call', { actor, at: msk('2025-10-20T09:45') });
    const again = await recordFirstResponse(db, c.id, 'e-mail', { actor, at: msk('2025-10-20T11:00') });
    expect(again.first_responded_at!.toISOString()).toBe(iso('2025-10-20T09:45'));
    expect(await events(c.id, 'first_response')).toHaveLength(1);
  });

  describe("on the customer's calendar (issue 11: every case used to count Moscow working days)", () => {
    let customers: Record<'london' | 'glasgow' | 'moscow' | 'chicago', number>;
    beforeAll(async () => {
      const add = async (id: string, country: string, region: string, timeZone: string) =>
        (await db.query<{ id: number }>('INSERT INTO customers (external_id, name, country, region, time_zone) VALUES ($1, $1, $2, $3, $4) RETURNING id', [id, country, region, timeZone]))[0]!.id;
      customers = {
        london: await add('C-LON', 'GB', 'Greater London', 'Europe/London'),
        glasgow: await add('C-GLA', 'GB', 'Scotland', 'Europe/London'),
        moscow: await add('C-MOW', 'RU', 'Москва', 'Europe/Moscow'),
        chicago: await add('C-CHI', 'US', 'Illinois', 'America/Chicago'),
      };
    });
    const openFor = (customer: keyof typeof customers, at: Date, input: Partial<NewCase> = {}) =>
      createCase(db, ctx, { type: 'complaint', title: 'Wrong size', links: [{ kind: 'customer', id: customers[customer] }], ...input }, { actor, at });

    it('counts a British complaint opened Friday 16:00 in London on British hours: 1½ h on Friday, the rest on Monday morning', async () => {
      const c = await openFor('london', new Date('2026-01-16T16:00:00Z')); // Friday, GMT
      expect(c).toMatchObject({ sla_calendar_id: 'gb-london', sla_calendar_basis: 'customer_country', sla_calendar_place: 'GB / Greater London' });
      // gb-london works 09:00–17:30: Friday 16:00–17:30 is 90 of the 240 minutes, Monday 09:00 + 150 is 11:30.
      expect(c.first_response_due_at!.toISOString()).toBe('2026-01-19T11:30:00.000Z');
    });

    it('counts the same Friday moment for a Moscow customer from Monday morning: 16:00 in London is 19:00 in Moscow, after closing', async () => {
      const c = await openFor('moscow', new Date('2026-01-16T16:00:00Z'));
      expect(c).toMatchObject({ sla_calendar_id: 'ru-moscow', sla_calendar_basis: 'customer_country' });
      expect(c.first_response_due_at!.toISOString()).toBe(msk('2026-01-19T13:00').toISOString());
    });

    it("skips St Andrew's Day for a Scottish customer, which England works", async () => {
      const friday = new Date('2026-11-27T16:00:00Z');
      const glasgow = await openFor('glasgow', friday);
      expect(glasgow).toMatchObject({ sla_calendar_id: 'gb-scotland', sla_calendar_basis: 'customer_region' });
      expect(glasgow.first_response_due_at!.toISOString()).toBe('2026-12-01T11:30:00.000Z'); // Monday 30 November is off in Scotland
      expect((await openFor('london', friday)).first_response_due_at!.toISOString()).toBe('2026-11-30T11:30:00.000Z');
    });

    it("falls back to the team's calendar for a customer in a country no calendar serves, on a Saturday too", async () => {
      const c = await openFor('chicago', new Date('2026-01-17T12:00:00Z')); // Saturday
      expect(c).toMatchObject({ sla_calendar_id: 'ru-moscow', sla_calendar_basis: 'team_default', sla_calendar_place: 'US / Illinois' });
      expect(c.first_response_due_at!.toISOString()).toBe(msk('2026-01-19T13:00').toISOString());
      expect((await open('2026-01-17T12:00')).sla_calendar_basis).toBe('team_default'); // no customer at all
    });

    it('keeps the customer\'s calendar when a priority change re-plans the case', async () => {
      const c = await openFor('london', new Date('2026-01-16T16:00:00Z'));
      const urgent = await updateCase(db, ctx, c.id, { priority: 'urgent' }, { actor, at: new Date('2026-01-16T16:10:00Z') });
      expect(urgent).toMatchObject({ sla_calendar_id: 'gb-london', sla_calendar_basis: 'customer_country' });
      expect(urgent.first_response_due_at!.toISOString()).toBe('2026-01-16T17:00:00.000Z'); // one business hour, still Friday
    });

    it("runs a delivery incident on the team's around-the-clock calendar wherever the customer lives, as its type is configured", async () => {
      const c = await openFor('london', new Date('2026-01-17T12:00:00Z'), { type: 'delivery_incident' });
      expect(c).toMatchObject({ sla_calendar_id: 'around-the-clock', sla_calendar_basis: 'team_configured' });
      expect(c.first_response_due_at!.toISOString()).toBe('2026-01-18T12:00:00.000Z');
    });

    it('shows on the case which calendar it uses and why', async () => {
      const c = await openFor('glasgow', new Date('2026-01-16T16:00:00Z'));
      const detail = await getCaseDetail(db, c.id, new Date('2026-01-16T16:30:00Z'));
      expect(detail.sla.calendar).toEqual({
        id: 'gb-scotland', name: 'Scotland, Mon–Fri 09:00–17:30, Scottish bank holidays', time_zone: 'Europe/London', holiday_region: 'GB-SCT', basis: 'customer_region', place: 'GB / Scotland',
      });
      expect(detail.sla.first_response.business_minutes_left).toBe(210); // 30 minutes gone on Friday
    });
  });
});
