import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/app.ts';
import { createCustomers, eventually } from '../comms/testing/fixtures.ts';
import { startSmtpPeer, type SmtpPeer } from '../comms/testing/smtp-peer.ts';
import { onCaseResolved } from '../cases/index.ts';
import { inviteToSurvey } from './invite.ts';

describe('surveys after a resolved case', () => {
  let t: TestApp;
  let smtp: SmtpPeer;
  let manager: string;

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    t = await startTestApp({ SMTP_URL: smtp.url, COMMS_QUIET_HOURS: 'off', COMMS_DAILY_CAP: '0', PUBLIC_URL: 'https://rebound.example' });
    manager = await t.login(['manager']);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  /** The survey path from the invitation's text part (the HTML link goes through click tracking). */
  const surveyPathFor = async (email: string) => {
    const mail = await eventually(async () => smtp.received.find((m) => m.envelopeTo.includes(email)), 20_000, `mail to ${email}`);
    const parsed = await simpleParser(mail.raw);
    const url = /https:\/\/rebound\.example(\/surveys\/respond\?t=[\w.-]+)/.exec(parsed.text ?? '')![1]!;
    return { path: url, subject: parsed.subject };
  };
  const post = (path: string, form: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(form).toString() });

  /** Sends a request as the manager and returns status and parsed body. */
  const api = async (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) => {
    const response = await t.app.inject({ method, url, headers: { cookie: manager }, payload });
    return { status: response.statusCode, body: response.body ? response.json() : undefined };
  };
  const invitationsOf = (caseId: number) =>
    t.db.query<{ survey_key: string; customer_id: number; case_reference: string }>('SELECT survey_key, customer_id, case_reference FROM survey_invitations WHERE case_id = $1', [String(caseId)]);
  const messagesAbout = (caseId: number) =>
    t.db.query<{ status: string; campaign: string; reason: string }>(`SELECT status, campaign, reason FROM comms_messages WHERE resource_type = 'case' AND resource_id = $1`, [String(caseId)]);
  let olgaCase: number;

  it('invites the case\'s customer when the case is resolved through the API: once, even after reopening, by e-mail in her language, with a signed link', async () => {
    expect((await api('PUT', '/api/surveys/case-types/complaint', { survey_key: 'case-resolution' })).status).toBe(200);
    const [customerId] = await createCustomers(t.db, [{ name: 'Ольга', email: 'olga@example.ru', language: 'ru', consents: { email: true } }]);
    const created = await api('POST', '/api/cases', { type: 'complaint', title: 'Протекла упаковка', business_key: 'C-1001', links: [{ kind: 'customer', id: customerId }] });
    expect(created.status).toBe(201);
    olgaCase = created.body.id;

    const resolved = await api('PATCH', `/api/cases/${olgaCase}`, { status: 'resolved' });
    expect(resolved.status).toBe(200);
    expect(await invitationsOf(olgaCase)).toEqual([{ survey_key: 'case-resolution', customer_id: customerId, case_reference: 'C-1001' }]);
    expect(await messagesAbout(olgaCase)).toHaveLength(1);

    const { path, subject } = await surveyPathFor('olga@example.ru');
    expect(subject).toBe('Как мы справились с обращением C-1001?');
    // The link is signed: the page opens with it and refuses a tampered one.
    expect((await t.app.inject({ method: 'GET', url: path })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `${path.slice(0, -4)}AAAA` })).statusCode).toBe(404);

    // Reopened, the type switched to another survey, resolved again: she was asked about this case already.
    const other = await api('PUT', '/api/surveys/complaint-follow-up', { title: { en: 'Follow-up' }, questions: [{ id: 'nps', kind: 'nps', required: true, text: { en: 'Recommend us?' } }] });
    expect(other.status).toBe(200);
    expect((await api('PUT', '/api/surveys/case-types/complaint', { survey_key: 'complaint-follow-up' })).status).toBe(200);
    expect((await api('PATCH', `/api/cases/${olgaCase}`, { status: 'open' })).status).toBe(200);
    expect((await api('PATCH', `/api/cases/${olgaCase}`, { status: 'resolved' })).status).toBe(200);
    expect((await api('PUT', '/api/surveys/case-types/complaint', { survey_key: 'case-resolution' })).status).toBe(200);
    expect(await invitationsOf(olgaCase)).toHaveLength(1);
    const [message] = await eventually(async () => {
      const rows = await messagesAbout(olgaCase);
      return rows.length === 1 && rows[0]!.status === 'sent' && rows;
    }, 20_000, 'the invitation marked sent');
    expect(message).toMatchObject({ campaign: 'survey:case-resolution:case:' + olgaCase, reason: 'survey.invitation' });
    expect(smtp.received.filter((m) => m.envelopeTo.includes('olga@example.ru'))).toHaveLength(1);
  });

  it('resolves a case without a customer, or of a type without a survey, and invites nobody', async () => {
    const [customerId] = await createCustomers(t.db, [{ name: 'Nils', email: 'nils@example.se', language: 'sv', consents: { email: true } }]);
    const nobody = await api('POST', '/api/cases', { type: 'complaint', title: 'Anonymous tip' });
    const noSurvey = await api('POST', '/api/cases', { type: 'investigation', title: 'Odd taste', links: [{ kind: 'customer', id: customerId }] });
    for (const created of [nobody, noSurvey]) {
      expect(created.status).toBe(201);
      const resolved = await api('PATCH', `/api/cases/${created.body.id}`, { status: 'resolved' });
      expect(resolved.status).toBe(200);
      expect(resolved.body.status).toBe('resolved');
      expect(await invitationsOf(created.body.id)).toEqual([]);
      expect(await messagesAbout(created.body.id)).toEqual([]);
    }
  });

  it('writes the invitation in the transaction that resolves the case: when the resolution fails, no invitation or message remains', async () => {
    const [customerId] = await createCustomers(t.db, [{ name: 'Taras', email: 'taras@example.ua', language: 'uk', consents: { email: true } }]);
    const created = await api('POST', '/api/cases', { type: 'complaint', title: 'Broken seal', links: [{ kind: 'customer', id: customerId }] });
    // Registered after the survey handler, so it fails after the invitation was written.
    const unregister = onCaseResolved('test-failure-after-invitation', async (tx, _ctx, resolved) => {
      expect(await tx.query('SELECT 1 FROM survey_invitations WHERE case_id = $1', [String(resolved.id)])).toHaveLength(1);
      throw new Error('the next step failed');
    });
    try {
      expect((await api('PATCH', `/api/cases/${created.body.id}`, { status: 'resolved' })).status).toBe(500);
    } finally {
      unregister();
    }
    expect((await api('GET', `/api/cases/${created.body.id}`)).body.case).toMatchObject({ status: 'open', resolved_at: null });
    expect(await invitationsOf(created.body.id)).toEqual([]);
    expect(await messagesAbout(created.body.id)).toEqual([]);

    expect((await api('PATCH', `/api/cases/${created.body.id}`, { status: 'resolved' })).status).toBe(200);
    expect(await invitationsOf(created.body.id)).toEqual([{ survey_key: 'case-resolution', customer_id: customerId, case_reference: `#${created.body.id}` }]);
    const { subject } = await surveyPathFor('taras@example.ua');
    expect(subject).toBe(`Як ми впоралися зі зверненням #${created.body.id}?`);
  });

  it('serves an accessible page in the customer\'s language, asks follow-ups after a low CSAT, and links the answers to case and customer', async () => {
    const { path } = await surveyPathFor('olga@example.ru');
    const page = await t.app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<html lang="ru">');
    expect(page.body).toContain('<legend>Насколько вы довольны тем, как мы решили ваше обращение?</legend>');
    expect(page.body).toContain('Ваше обращение C-1001 решено');
    expect(page.body).toMatch(/<label><input type="radio" name="q_nps" value="10" required>10<\/label>/);
    expect(page.body).not.toContain('q_what_went_wrong');

    const missing = await post(path, { step: 'scores', q_csat: '2', q_ces: '3' });
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain('role="alert"');
    expect(missing.body).toContain('aria-describedby="q_nps_error');
    expect(missing.body).toContain('Пожалуйста, ответьте на этот вопрос.');
    expect(missing.body).toMatch(/value="2" checked/);
    expect((await post(path, { step: 'scores', q_csat: '9', q_ces: '3', q_nps: '5' })).statusCode).toBe(422);

    const followUps = await post(path, { step: 'scores', q_csat: '2', q_ces: '3', q_nps: '5' });
    expect(followUps.statusCode).toBe(200);
    expect(followUps.body).toContain('Что разочаровало вас больше всего?');
    expect(followUps.body).toContain('name="step" value="follow-ups"');
    // The scores count already, before the follow-ups are answered.
    const [partial] = await t.db.query<{ csat: number; complete: boolean }>('SELECT csat, complete FROM survey_responses WHERE case_id = $1', [String(olgaCase)]);
    expect(partial).toEqual({ csat: 2, complete: false });

    const done = await post(path, { step: 'follow-ups', q_what_went_wrong: 'speed', q_comment: 'Две недели ожидания & ни одного звонка' });
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Спасибо за ваши ответы.');
    const [response] = await t.db.query<{ customer_id: number; case_id: string; case_type: string; answers: object; csat: number; nps: number; ces: number; complete: boolean; language: string }>(
      'SELECT customer_id, case_id, case_type, answers, csat, nps, ces, complete, language FROM survey_responses WHERE case_id = $1', [String(olgaCase)]);
    expect(response).toMatchObject({ case_id: String(olgaCase), case_type: 'complaint', csat: 2, nps: 5, ces: 3, complete: true, language: 'ru' });
    expect(response!.answers).toEqual({ csat: 2, ces: 3, nps: 5, what_went_wrong: 'speed', comment: 'Две недели ожидания & ни одного звонка' });
    const [timeline] = await t.db.query<{ kind: string; summary: string; ref_id: string }>(`SELECT kind, summary, ref_id FROM interactions WHERE customer_id = $1 AND kind = 'survey'`, [response!.customer_id]);
    expect(timeline).toEqual({ kind: 'survey', summary: 'Survey case-resolution: CSAT 2, NPS 5, CES 3', ref_id: String(olgaCase) });

    const revisit = await t.app.inject({ method: 'GET', url: path });
    expect(revisit.body).toContain('Вы уже ответили на этот опрос.');
  });

  it('refuses an expired or forged link with an error page, not a form', async () => {
    const [customerId] = await createCustomers(t.db, [{ name: 'Late', email: 'late@example.com', consents: { email: true } }]);
    await t.db.transaction((tx) => inviteToSurvey(tx, t.ctx, { customerId: customerId!, caseId: 'C-2001', surveyKey: 'case-resolution' }));
    const { path } = await surveyPathFor('late@example.com');
    const forged = await t.app.inject({ method: 'GET', url: `${path.slice(0, -4)}AAAA` });
    expect(forged.statusCode).toBe(404);
    expect(forged.body).not.toContain('<form');
    t.clock.advance(31 * 24 * 3600 * 1000);
    const expired = await t.app.inject({ method: 'GET', url: path });
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('This link has expired');
    t.clock.advance(-31 * 24 * 3600 * 1000);
  });

  it('reports CSAT %, NPS, average CES and the response rate', async () => {
    const scores = [[5, 10, 7], [4, 9, 6], [2, 3, 2], [5, 7, 5]];
    const customers = await createCustomers(t.db, [...scores, [0, 0, 0]].map((_, i) => ({ name: `Respondent ${i}`, email: `respondent${i}@example.com`, consents: { email: true } })));
    for (const [i, customerId] of customers.entries()) {
      await t.db.transaction((tx) => inviteToSurvey(tx, t.ctx, { customerId, caseId: `R-${i}`, caseType: 'delivery', surveyKey: 'case-resolution' }));
    }
    for (const [i, [csat, nps, ces]] of scores.entries()) {
      const { path } = await surveyPathFor(`respondent${i}@example.com`);
      const answered = await post(path, { step: 'scores', q_csat: String(csat), q_nps: String(nps), q_ces: String(ces) });
      expect(answered.statusCode).toBe(200);
    }
    const results = await t.app.inject({ method: 'GET', url: '/api/surveys/case-resolution/results?case_type=delivery', headers: { cookie: await t.login(['viewer']) } });
    expect(results.statusCode).toBe(200);
    expect(results.json()).toEqual({
      survey: 'case-resolution', invitations: 5, responses: 4, responseRate: 80,
      csat: { responses: 4, satisfied: 3, percent: 75 },
      nps: { responses: 4, promoters: 2, passives: 1, detractors: 1, score: 25 },
      ces: { responses: 4, average: 5 },
    });
    const listed = (await t.app.inject({ method: 'GET', url: '/api/surveys/case-resolution/responses?case_id=R-0', headers: { cookie: manager } })).json();
    expect(listed.items[0]).toMatchObject({ case_id: 'R-0', customer_id: customers[0], csat: 5, nps: 10, ces: 7 });
    expect((await t.app.inject({ method: 'GET', url: '/api/surveys/nope/results', headers: { cookie: manager } })).statusCode).toBe(404);
  });

  it('validates survey definitions, naming the problem', async () => {
    const bad = await t.app.inject({
      method: 'PUT', url: '/api/surveys/quick-nps', headers: { cookie: manager },
      payload: { title: { en: 'Quick' }, questions: [{ id: 'why', kind: 'text', required: false, text: { en: 'Why?' }, showIf: { question: 'nps', atMost: 6 } }] },
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().detail).toContain('showIf refers to "nps", which is not an earlier question');
    const good = await t.app.inject({
      method: 'PUT', url: '/api/surveys/quick-nps', headers: { cookie: manager },
      payload: { title: { en: 'Quick', sv: 'Snabb' }, questions: [
        { id: 'nps', kind: 'nps', required: true, text: { en: 'Recommend us?', sv: 'Rekommendera oss?' } },
        { id: 'why', kind: 'text', required: false, text: { en: 'Why?', sv: 'Varför?' }, showIf: { question: 'nps', atMost: 6 } },
      ] },
    });
    expect(good.statusCode).toBe(200);
    expect(good.json()).toMatchObject({ key: 'quick-nps', valid_days: 30, active: true });
    expect((await t.app.inject({ method: 'PUT', url: '/api/surveys/quick-nps', headers: { cookie: await t.login(['viewer']) }, payload: { title: { en: 'x' }, questions: [] } })).statusCode).toBe(403);
  });
});
