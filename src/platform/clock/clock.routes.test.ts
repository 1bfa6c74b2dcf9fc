import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import { loadConfig } from '../config/config.ts';
import { AdjustableClock } from './clock.ts';

describe("moving the server's clock", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('moves forward only, keeping real time ticking underneath', () => {
    const clock = new AdjustableClock();
    const before = Date.now();
    clock.advance(24 * 3600_000);
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(before + 24 * 3600_000);
    expect(clock.offset).toBe(24 * 3600_000);
    expect(() => clock.advance(-1)).toThrow(/only moves forward/);
  });

  it('is refused in production', () => {
    expect(() => loadConfig({ REBOUND_CLOCK_CONTROL: 'true', NODE_ENV: 'production' })).toThrow(/REBOUND_CLOCK_CONTROL: must not be on in production/);
    expect(loadConfig({ REBOUND_CLOCK_CONTROL: 'true' }).REBOUND_CLOCK_CONTROL).toBe(true);
  });

  it('answers only administrators, and says why a server on the system clock cannot move', async () => {
    const admin = await t.login(['admin']);
    const manager = await t.login(['manager']);
    expect((await t.app.inject({ method: 'GET', url: '/api/system/clock' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/system/clock', headers: { cookie: manager }, payload: { advance_ms: 1000 } })).statusCode).toBe(403);
    const refused = await t.app.inject({ method: 'POST', url: '/api/system/clock', headers: { cookie: admin }, payload: { advance_ms: 1000 } });
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json()).toMatchObject({ type: '/problems/clock.not_adjustable' });
    expect((await t.app.inject({ method: 'POST', url: '/api/system/clock', headers: { cookie: admin }, payload: { advance_ms: -5 } })).statusCode).toBe(400);
    const shown = (await t.app.inject({ method: 'GET', url: '/api/system/clock', headers: { cookie: admin } })).json();
    expect(shown).toMatchObject({ adjustable: false, offset_ms: 0 });
  });
});
