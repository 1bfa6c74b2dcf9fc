import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.ts';

describe('company settings (issue 11: the firm and sender come from what the company entered)', () => {
  let t: TestApp;
  let manager: string;
  let viewer: string;
  beforeAll(async () => {
    t = await startTestApp({ SMTP_FROM: 'Rebound <no-reply@rebound.local>' });
    manager = await t.login(['manager']);
    viewer = await t.login(['viewer']);
  });
  afterAll(async () => t.close());

  const put = (cookie: string, payload: unknown) => t.app.inject({ method: 'PUT', url: '/api/company-settings', headers: { cookie }, payload: payload as object });

  it('starts empty, and says the e-mail sender is SMTP_FROM until one is set', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/company-settings', headers: { cookie: viewer } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      legal_name: null, country: null, sender_email: null, brands: [], updated_at: null,
      sender: { from: 'Rebound <no-reply@rebound.local>', source: 'SMTP_FROM' }, smtp_from: 'Rebound <no-reply@rebound.local>',
    });
  });

  it('refuses bad input with a problem naming the field, and a viewer altogether', async () => {
    const badEmail = await put(manager, { sender_email: 'not an address' });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(badEmail.json().errors)).toContain('sender_email');
    expect((await put(manager, { country: 'United Kingdom' })).statusCode).toBe(400);
    expect((await put(manager, { legal_name: 'Line\nbreak Ltd' })).statusCode).toBe(400);
    expect((await put(manager, { unknown_field: 'x' })).statusCode).toBe(400);
    const twice = await put(manager, { brands: [{ brand: 'Zorka', sender_name: 'Zorka' }, { brand: 'zorka', sender_name: 'Zorka care' }] });
    expect(twice.statusCode).toBe(400);
    expect(twice.json()).toMatchObject({ errors: [{ field: 'body.brands.1.brand', message: 'zorka is listed twice' }] });
    expect((await put(manager, { brands: [{ brand: 'Zorka' }] })).json()).toMatchObject({ status: 400, errors: [{ field: 'body.brands.0' }] });
    const forbidden = await put(viewer, { legal_name: 'Viewer Ltd' });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.headers['content-type']).toContain('application/problem+json');
  });

  it('saves the profile and brand senders, audited, and derives the sender from them', async () => {
    const saved = await put(manager, {
      legal_name: 'Northfield Dairies Ltd', address: '1 Mill Lane', city: 'Leeds', postal_code: 'LS1 4AP', country: 'gb',
      safety_contact_name: 'Quality desk', safety_contact_email: 'safety@northfield.example', safety_contact_phone: '+44 113 496 0000',
      brand_name: 'Northfield', sender_name: 'Northfield Care', sender_email: 'care@northfield.example',
      brands: [{ brand: 'Zorka', sender_name: 'Zorka', sender_email: 'hello@zorka.example' }],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({
      legal_name: 'Northfield Dairies Ltd', country: 'GB', brands: [{ brand: 'Zorka', sender_name: 'Zorka', sender_email: 'hello@zorka.example' }],
      sender: { from: 'Northfield Care <care@northfield.example>', source: 'company' },
    });
    const [audit] = await t.db.query<{ entity: string }>("SELECT entity FROM audit_log WHERE entity = 'company_settings'");
    expect(audit).toBeDefined();
    // An emptied field is "not set" again, not an empty name.
    const cleared = await put(manager, { legal_name: 'Northfield Dairies Ltd', sender_name: '  ', sender_email: '' });
    expect(cleared.json()).toMatchObject({ sender_name: null, sender_email: null, brands: [], sender: { source: 'SMTP_FROM', from: 'Rebound <no-reply@rebound.local>' } });
  });
});
