import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';

/** Issue 12, acceptance 3: each hostile input the probe sent gets a 400 problem naming the field. */
describe('input no route can take', () => {
  let t: TestApp;
  let admin = '';
  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.login(['admin']);
  });
  afterAll(async () => t?.close());

  async function refused(request: { method: 'GET' | 'POST' | 'DELETE'; url: string; payload?: unknown; headers?: Record<string, string> }, field: string) {
    const response = await t.app.inject({ ...request, headers: { cookie: admin, ...request.headers } } as never);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    return response.json();
  }

  it('refuses NUL in a string, also on a public route and in a path', async () => {
    await refused({ method: 'POST', url: '/api/public/complaints', payload: { order_number: 'A-1', email: 'a@example.com', category: 'other', essence: 'broken\u0000seal' } }, 'body.essence');
    await refused({ method: 'GET', url: '/api/comms/campaigns/spring%00sale' }, 'params.campaign');
    await refused({ method: 'GET', url: '/api/customers?q=a%00b' }, 'querystring.q');
    await refused({ method: 'POST', url: '/api/comms/webhook-endpoints/1/deliveries', payload: { event: 'order.created', delivery_key: 'k0', payload: { ['a\u0000']: 1 } } }, 'body.payload.a\\u0000');
  });

  it('refuses integers beyond 2^63 in paths, queries and bodies', async () => {
    await refused({ method: 'GET', url: '/api/customers/99999999999999999999' }, 'params.id');
    await refused({ method: 'GET', url: '/api/incidents?offset=9223372036854775808' }, 'querystring.offset');
    await refused({ method: 'GET', url: '/api/incidents?limit=1e400' }, 'querystring.limit');
    await refused({ method: 'GET', url: '/api/processes/complaint/versions/2147483648' }, 'params.version');
    await refused({ method: 'POST', url: '/api/cases', payload: { type: 'complaint', title: 'x', owner_id: 2 ** 64 } }, 'body.owner_id');
    await refused({ method: 'POST', url: '/api/comms/webhook-endpoints/1/deliveries', payload: { event: 'order.created', delivery_key: 'k1', payload: { amount: 2 ** 64 } } }, 'body.payload.amount');
    await refused({ method: 'POST', url: '/api/comms/webhook-endpoints/1/deliveries', headers: { 'content-type': 'application/json' }, payload: '{"event":"order.created","delivery_key":"k2","payload":{"amount":1e400}}' }, 'body.payload.amount');
  });

  it('refuses a body nested 10,000 deep, naming its top field', async () => {
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const problem = await refused({ method: 'POST', url: '/api/comms/webhook-endpoints/1/deliveries', headers: { 'content-type': 'application/json' }, payload: `{"event":"order.created","delivery_key":"k3","payload":${deep}}` }, 'body.payload');
    expect(problem.detail).toContain('nested deeper than 64 levels');
  });

  it('refuses a webhook event name that cannot travel in a header', async () => {
    await refused({ method: 'POST', url: '/api/comms/webhook-endpoints/1/deliveries', payload: { event: 'заказ.создан', delivery_key: 'k4', payload: {} } }, 'body.event');
    await refused({ method: 'POST', url: '/api/comms/webhook-endpoints/1/deliveries', payload: { event: 'order.created', delivery_key: 'ключ', payload: {} } }, 'body.delivery_key');
  });

  it('documents error bodies as application/problem+json', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    const operation = doc.paths['/api/cases/{id}'].get;
    expect(Object.keys(operation.responses['404'].content)).toEqual(['application/problem+json']);
    expect(operation.responses.default.content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
    expect(doc.components.schemas.Problem.description).toBe('RFC 9457 problem details');
    expect(operation.parameters[0].schema.maximum).toBe(Number.MAX_SAFE_INTEGER);
    for (const [path, methods] of Object.entries<Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>(doc.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        for (const [status, response] of Object.entries(op.responses)) {
          if (status === 'default' || Number(status) >= 400) expect(Object.keys(response.content ?? {}), `${method} ${path} ${status}`).toEqual(['application/problem+json']);
        }
      }
    }
  });
});
