import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';
import type { Role } from '../../platform/auth/permissions.ts';
import { signToken } from '../../platform/links/signed-token.ts';
import { newVoucherCode } from '../../compensation/index.ts';
import { declareTemplateKey } from '../templates/template-keys.sql.ts';
import { saveTemplate } from '../templates/templates.sql.ts';
import { createCustomers, eventually } from '../testing/fixtures.ts';
import { enqueueMessage } from './enqueue.ts';

/**
 * Issue 12: a viewer read a customer's voucher code and their signed survey, claim and
 * unsubscribe links through the messages and mailbox APIs, and could act as the customer.
 * Roles that may only read messages now see codes and tokens masked; the demo mailbox,
 * which holds every mail in full, is the administrators'.
 */
describe('codes and signed links in messages', () => {
  let t: TestApp;
  const cookies = {} as Record<Role, string>;
  let messageId: number;
  const code = newVoucherCode();
  let token: string;

  beforeAll(async () => {
    t = await startTestApp({ COMMS_QUIET_HOURS: 'off', PUBLIC_URL: 'https://rebound.example' });
    for (const role of ['admin', 'manager', 'agent', 'designer', 'viewer'] as const) cookies[role] = await t.login([role]);
    await declareTemplateKey(t.db, { key: 'offer.notice', description: 'An offer', variables: { code: { description: 'voucher code' }, claim_url: { description: 'signed claim link' }, offer: { description: 'the offer' } } });
    await saveTemplate(t.db, 'offer.notice', 'en', { email_subject: 'Your voucher {{code}}', email_html: '<p>Use {{code}}.</p><p><a href="{{claim_url}}">Claim</a></p>', email_text: 'Use {{code}}. Claim: {{claim_url}}' }, 'test');
    const [customerId] = await createCustomers(t.db, [{ name: 'Ada', email: 'ada@example.com', language: 'en', consents: { email: true } }]);
    token = signToken(t.ctx.signingKey, { purpose: 'claim', subject: String(customerId) }, new Date(t.clock.now().getTime() + 86_400_000));
    const [queued] = await t.db.transaction((tx) => enqueueMessage(tx, t.ctx, {
      customerId: customerId!, templateKey: 'offer.notice', channels: 'email', campaign: 'secrets-1', reason: 'offer',
      variables: { code, claim_url: `https://rebound.example/p/claims?t=${token}`, offer: { text: `a voucher ${code}` } },
    }));
    messageId = queued!.messageId!;
    await eventually(async () => (await t.db.query('SELECT 1 FROM comms_messages WHERE id = $1 AND status = $2', [messageId, 'sent'])).length > 0, 20_000, 'the offer sent');
  });
  afterAll(async () => t.close());

  const get = (role: Role, url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: cookies[role] } });

  it('masks the voucher code and the link token for roles that may only read messages, and says so', async () => {
    for (const role of ['viewer', 'agent', 'designer'] as const) {
      const response = await get(role, `/api/comms/messages/${messageId}`);
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.masked, role).toBe(true);
      expect(body.variables, role).toEqual({
        code: `${code.slice(0, 4)}-••••-••••-••••`,
        claim_url: 'https://rebound.example/p/claims?t=••••',
        offer: { text: `a voucher ${code.slice(0, 4)}-••••-••••-••••` },
      });
      expect(response.body, role).not.toContain(token);
      expect(response.body, role).not.toContain(code);
      // The list and the dead letters go through the same reader check.
      const list = (await get(role, '/api/comms/messages?campaign=secrets-1')).json();
      expect(list.items.map((m: { masked: boolean }) => m.masked)).toEqual([true]);
    }
  });

  it('shows them to the roles that can issue and redeem vouchers themselves (comms:read-secrets)', async () => {
    for (const role of ['manager', 'admin'] as const) {
      const body = (await get(role, `/api/comms/messages/${messageId}`)).json();
      expect(body.masked, role).toBe(false);
      expect(body.variables, role).toEqual({ code, claim_url: `https://rebound.example/p/claims?t=${token}`, offer: { text: `a voucher ${code}` } });
    }
  });

  it('keeps the demo mailbox, every mail in full, to administrators', async () => {
    const list = await eventually(async () => {
      const answer = (await get('admin', '/api/mailbox?to=ada@example.com')).json();
      return answer.total > 0 && answer;
    }, 20_000, 'the offer in the mailbox');
    const mail = (await get('admin', `/api/mailbox/${list.items[0].id}`)).json();
    expect(mail.subject).toBe(`Your voucher ${code}`);
    expect(mail.text).toContain(token);
    for (const role of ['manager', 'agent', 'designer', 'viewer'] as const) {
      expect((await get(role, '/api/mailbox')).statusCode, role).toBe(403);
      expect((await get(role, `/api/mailbox/${list.items[0].id}`)).statusCode, role).toBe(403);
    }
  });
});
