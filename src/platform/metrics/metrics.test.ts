import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';

describe('/metrics in the Prometheus text format', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    const admin = await t.login(['admin']);
    token = (await t.app.inject({ method: 'POST', url: '/api/tokens', headers: { cookie: admin }, payload: { name: 'prometheus', scopes: ['system:metrics'] } })).json().token;
  });
  afterAll(async () => t?.close());

  it('refuses a scraper without a token, and a token without system:metrics', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
    const viewer = await t.login(['viewer']);
    const refused = await t.app.inject({ method: 'GET', url: '/metrics', headers: { cookie: viewer } });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toContain('application/problem+json');
  });

  it('reports HTTP latency per route pattern, queue depths, the outbox backlog and its age, incidents and SLA breaches', async () => {
    await t.app.inject({ method: 'GET', url: '/health' });
    // A signed link carries its token in the address: the series names the route pattern, never the address.
    await t.app.inject({ method: 'GET', url: '/p/unsubscribe/secret-token-in-the-address' });
    const response = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/plain; version=0.0.4');
    const text = response.body;
    expect(text).toMatch(/^rebound_http_request_duration_seconds_bucket\{route="\/health",method="GET",status="2xx",le="0.005"\} \d+$/m);
    expect(text).toMatch(/^rebound_http_request_duration_seconds_count\{route="\/health",method="GET",status="2xx"\} [1-9]\d*$/m);
    for (const series of ['rebound_outbox_backlog', 'rebound_outbox_oldest_age_seconds', 'rebound_outbox_dead_letters', 'rebound_process_resident_memory_bytes']) {
      expect(text).toMatch(new RegExp(`^# TYPE ${series} gauge$`, 'm'));
      expect(text).toMatch(new RegExp(`^${series} \\d+(\\.\\d+)?$`, 'm'));
    }
    expect(text).toMatch(/^rebound_sla_breaches\{of="tasks"\} \d+$/m);
    expect(text).toMatch(/^# TYPE rebound_engine_open_incidents gauge$/m);
    expect(text).toMatch(/^# TYPE rebound_queue_jobs gauge$/m);
    expect(text).not.toContain('secret-token-in-the-address');
  });

  it('counts the engine steps this process persisted, per process', async () => {
    const admin = await t.login(['admin']);
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <process id="metrics-probe" isExecutable="true"><startEvent id="s"/><sequenceFlow id="f1" sourceRef="s" targetRef="u"/>
  <userTask id="u" name="Look"/><sequenceFlow id="f2" sourceRef="u" targetRef="e"/><endEvent id="e"/></process></definitions>`;
    expect((await t.app.inject({ method: 'POST', url: '/api/processes', headers: { cookie: admin, 'content-type': 'application/xml' }, payload: xml })).statusCode).toBeLessThan(300);
    const started = await t.app.inject({ method: 'POST', url: '/api/processes/metrics-probe/instances', headers: { cookie: admin }, payload: { variables: {} } });
    expect(started.statusCode).toBeLessThan(300);
    const text = (await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${token}` } })).body;
    expect(text).toMatch(/^rebound_engine_steps_total\{process="metrics-probe"\} [1-9]\d*$/m);
  });
});
