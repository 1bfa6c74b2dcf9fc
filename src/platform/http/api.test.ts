import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TEST_PASSWORD, type TestApp } from '../../../test/app.ts';

describe('the HTTP API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('answers /health with the database kind, without authentication', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', db: process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite' });
  });

  it('publishes an OpenAPI 3.1 document that lists the routes, and a docs page', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/health', '/api/auth/login', '/api/customers', '/api/imports/{entity}', '/api/tokens']));
    const docs = await t.app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });

  it('refuses API calls without credentials as problem+json 401', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/customers' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ status: 401, title: 'Unauthorized', instance: '/api/customers' });
  });

  it('sets an HttpOnly, SameSite session cookie on login and ends it on logout', async () => {
    const cookie = await t.login(['viewer'], 'viewer@example.com');
    const response = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'viewer@example.com', password: TEST_PASSWORD } });
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).json()).toMatchObject({ kind: 'user', email: 'viewer@example.com', roles: ['viewer'] });
    await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('rejects a wrong password with the same answer as an unknown e-mail', async () => {
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'viewer@example.com', password: 'nope' } });
    const unknown = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'nobody@example.com', password: 'nope' } });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.json().detail).toBe(wrong.json().detail);
  });

  it('authorises by role: a viewer reads customers but may not manage users', async () => {
    const cookie = await t.login(['viewer']);
    expect((await t.app.inject({ method: 'GET', url: '/api/customers', headers: { cookie } })).statusCode).toBe(200);
    const denied = await t.app.inject({ method: 'GET', url: '/api/users', headers: { cookie } });
    expect(denied.statusCode).toBe(403);
    expect(denied.json().detail).toContain('users:manage');
  });

  it('turns invalid input into 400 problems that name the field, never a 500', async () => {
    const cookie = await t.login(['admin']);
    const cases = [
      { method: 'GET' as const, url: '/api/customers?limit=abc', field: 'querystring.limit' },
      { method: 'GET' as const, url: '/api/customers?sort=evil;drop', field: 'querystring.sort' },
      { method: 'GET' as const, url: '/api/customers/0', field: 'params.id' },
      { method: 'POST' as const, url: '/api/users', payload: { email: 'x', name: '', password: 'short', roles: ['pope'] }, field: 'body.email' },
    ];
    for (const c of cases) {
      const response = await t.app.inject({ method: c.method, url: c.url, payload: c.payload, headers: { cookie } });
      expect(response.statusCode, c.url).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(c.field);
    }
    const malformed = await t.app.inject({ method: 'POST', url: '/api/users', headers: { cookie, 'content-type': 'application/json' }, payload: '{"email":' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toContain('application/problem+json');
  });

  it('answers an unknown route with a 404 problem', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ status: 404, title: 'Not Found' });
  });
});

describe('API tokens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  it('are shown once, stored hashed, limited to their scopes and stop working when revoked', async () => {
    const cookie = await t.login(['manager']);
    const created = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie }, payload: { name: 'till integration', scopes: ['data:read'] } });
    expect(created.statusCode).toBe(201);
    const { token, record } = created.json();
    expect(token).toMatch(/^rbd_/);
    const stored = await t.db.query<{ token_hash: string }>('SELECT token_hash FROM api_tokens WHERE id = $1', [record.id]);
    expect(stored[0]!.token_hash).not.toContain(token);
    expect(stored[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);

    const authorization = `Bearer ${token}`;
    expect((await t.app.inject({ method: 'GET', url: '/api/customers', headers: { authorization } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/api/imports/customers', headers: { authorization, 'content-type': 'text/csv' }, payload: 'external_id,name\nX,Y' })).statusCode).toBe(403);

    expect((await t.app.inject({ method: 'DELETE', url: `/api/tokens/${record.id}`, headers: { cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/customers', headers: { authorization } })).statusCode).toBe(401);
  });

  it('cannot carry scopes its creator does not hold', async () => {
    const cookie = await t.login(['manager']);
    const response = await t.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie }, payload: { name: 'too much', scopes: ['users:manage'] } });
    expect(response.statusCode).toBe(403);
  });

  it('records every change in the audit log with who did it', async () => {
    const cookie = await t.login(['admin'], 'auditor@example.com');
    await t.app.inject({ method: 'POST', url: '/api/users', headers: { cookie }, payload: { email: 'new.agent@example.com', name: 'New Agent', password: TEST_PASSWORD, roles: ['agent'] } });
    const log = (await t.app.inject({ method: 'GET', url: '/api/audit?entity=user', headers: { cookie } })).json();
    expect(log.items[0]).toMatchObject({ actor_kind: 'user', actor_label: 'auditor@example.com', action: 'create', entity: 'user', details: { email: 'new.agent@example.com', roles: ['agent'] } });
  });
});

describe('login rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(async () => t.close());

  it('answers 429 problem+json after too many attempts from one address', async () => {
    const attempt = () => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'a@example.com', password: 'x' } });
    for (let i = 0; i < 3; i++) expect((await attempt()).statusCode).toBe(401);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
  });
});

describe('sign-in back-off per account', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  const attempt = (email: string, password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });

  it('makes an account wait longer after each wrong password past five, without locking anyone else out', async () => {
    await t.login(['agent'], 'guessed@example.com');
    await t.login(['agent'], 'bystander@example.com');
    for (let i = 0; i < 5; i++) expect((await attempt('guessed@example.com', 'wrong')).statusCode).toBe(401);
    // The fifth failure starts a 1 s wait: even the right password is not checked during it.
    const waiting = await attempt('Guessed@Example.com', TEST_PASSWORD);
    expect(waiting.statusCode).toBe(429);
    expect(waiting.headers['retry-after']).toBe('1');
    expect(waiting.json()).toMatchObject({ type: '/problems/auth.account_backoff', retryAfterSeconds: 1 });
    expect((await attempt('bystander@example.com', TEST_PASSWORD)).statusCode).toBe(200);

    t.clock.advance(1_000);
    expect((await attempt('guessed@example.com', 'wrong again')).statusCode).toBe(401);
    expect((await attempt('guessed@example.com', TEST_PASSWORD)).headers['retry-after']).toBe('2');
    t.clock.advance(2_000);
    expect((await attempt('guessed@example.com', TEST_PASSWORD)).statusCode).toBe(200);
    // A success clears the count: the next typo does not wait.
    expect((await attempt('guessed@example.com', 'typo')).statusCode).toBe(401);
    expect((await attempt('guessed@example.com', TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('answers an unknown e-mail exactly like a known one, also while it waits', async () => {
    for (let i = 0; i < 5; i++) await attempt('nobody-here@example.com', 'x');
    const waiting = await attempt('nobody-here@example.com', 'x');
    expect(waiting.statusCode).toBe(429);
    expect(waiting.json().type).toBe('/problems/auth.account_backoff');
  });
});

describe('writes with the session cookie from another site', () => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await startTestApp();
    cookie = await t.login(['admin']);
  });
  afterAll(async () => t.close());

  const createUser = (headers: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: '/api/users', headers: { cookie, ...headers }, payload: { email: `x${Math.random()}@example.com`, name: 'X', password: TEST_PASSWORD, roles: ['viewer'] } });

  it('refuses a cross-site write (Sec-Fetch-Site or a foreign Origin) and accepts the console\'s own', async () => {
    for (const headers of [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'https://evil.example' }] as Record<string, string>[]) {
      const refused = await createUser(headers);
      expect(refused.statusCode, JSON.stringify(headers)).toBe(403);
      expect(refused.json().type).toBe('/problems/auth.cross_site_request');
    }
    expect((await createUser({ 'sec-fetch-site': 'same-origin' })).statusCode).toBe(201);
    expect((await createUser({ origin: 'http://localhost:80', host: 'localhost:80' })).statusCode).toBe(201);
    // Reads stay open to links from elsewhere; an API token is not a browser's ambient credential.
    expect((await t.app.inject({ method: 'GET', url: '/api/users', headers: { cookie, 'sec-fetch-site': 'cross-site' } })).statusCode).toBe(200);
  });

  it('refuses a body-less cross-site POST (the payout-batch export) before the route runs', async () => {
    const refused = await t.app.inject({ method: 'POST', url: '/api/recalls/999999/payouts', headers: { cookie, origin: 'https://evil.example' } });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().type).toBe('/problems/auth.cross_site_request');
    // The same request from the console reaches the route (which then finds no such recall).
    const own = await t.app.inject({ method: 'POST', url: '/api/recalls/999999/payouts', headers: { cookie, 'sec-fetch-site': 'same-origin' } });
    expect(own.statusCode).toBe(404);
  });
});

describe('behind a reverse proxy (TRUST_PROXY)', () => {
  it('limits sign-ins per client address from X-Forwarded-For when the proxy is trusted', async () => {
    const t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '2', TRUST_PROXY: '127.0.0.1' });
    try {
      const from = (client: string) =>
        t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': client }, payload: { email: `${client}@example.com`, password: 'x' } });
      expect((await from('203.0.113.7')).statusCode).toBe(401);
      expect((await from('203.0.113.7')).statusCode).toBe(401);
      expect((await from('203.0.113.7')).statusCode).toBe(429);
      // Another client behind the same proxy is not limited by the first one's attempts.
      expect((await from('198.51.100.4')).statusCode).toBe(401);
    } finally {
      await t.close();
    }
  });

  it('refuses a setting that is neither hops nor addresses, naming the variable', async () => {
    const { loadConfig } = await import('../config/config.ts');
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: "true" is neither an IP address nor a CIDR range/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, ::1' }).TRUST_PROXY).toEqual(['10.0.0.0/8', '::1']);
  });
});

