import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/app.ts';

describe('POST /api/imports/:entity', () => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await startTestApp();
    cookie = await t.login(['manager']);
  });
  afterAll(async () => t.close());

  const post = (url: string, body: string, contentType = 'text/csv') =>
    t.app.inject({ method: 'POST', url, headers: { cookie, 'content-type': contentType }, payload: body });

  it('imports a CSV body and reports the counts', async () => {
    const response = await post('/api/imports/products', 'gtin,sku,name,category\n4006381333931,PEN,Pen,office\n09506000134352,KEFIR,Kefir 1 l,dairy\n');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ entity: 'products', committed: true, rowsRead: 2, imported: 2, rejected: 0 });
    const products = await t.db.query('SELECT gtin, sku FROM products ORDER BY gtin');
    expect(products).toEqual([{ gtin: '04006381333931', sku: 'PEN' }, { gtin: '09506000134352', sku: 'KEFIR' }]);
  });

  it('answers 422 problem+json naming each bad line and field, and writes nothing', async () => {
    const response = await post('/api/imports/lots', '{"gtin":"4006381333931","lot_code":"L1"}\n{"gtin":"4006381333930","lot_code":"L2"}\n', 'application/x-ndjson');
    expect(response.statusCode).toBe(422);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({
      type: '/problems/import.rows_rejected',
      status: 422,
      committed: false,
      imported: 0,
      errors: [{ line: 2, field: 'gtin', message: '"4006381333930" has a wrong check digit' }],
    });
    expect(await t.db.query('SELECT lot_code FROM lots')).toEqual([]);
  });

  it('keeps the valid rows with skipInvalid=true', async () => {
    const response = await post('/api/imports/lots?skipInvalid=true', 'gtin,lot_code\n4006381333931,L1\n4006381333931,\n');
    expect(response.json()).toMatchObject({ committed: true, imported: 1, rejected: 1, errors: [{ line: 3, field: 'lot_code', message: 'is required' }] });
  });

  it('refuses an unknown entity and an unsupported content type as 400 problems', async () => {
    expect((await post('/api/imports/planets', 'a\n1\n')).statusCode).toBe(400);
    const wrongType = await post('/api/imports/products', 'gtin=1', 'application/x-www-form-urlencoded');
    expect(wrongType.statusCode).toBe(415);
    expect(wrongType.headers['content-type']).toContain('application/problem+json');
  });

  it('is not open to a viewer', async () => {
    const viewer = await t.login(['viewer']);
    const response = await t.app.inject({ method: 'POST', url: '/api/imports/products', headers: { cookie: viewer, 'content-type': 'text/csv' }, payload: 'gtin,name\n' });
    expect(response.statusCode).toBe(403);
  });
});

describe('GET /api/imports', () => {
  it('lists every entity with its columns, required ones marked', async () => {
    const t = await startTestApp();
    try {
      const cookie = await t.login(['manager']);
      const response = await t.app.inject({ method: 'GET', url: '/api/imports', headers: { cookie } });
      expect(response.statusCode).toBe(200);
      const entities = response.json() as { entity: string; columns: { name: string; required: boolean }[] }[];
      expect(entities.map((e) => e.entity)).toEqual(['customers', 'products', 'lots', 'locations', 'order-lines', 'shipments', 'shipment-events']);
      const products = entities.find((e) => e.entity === 'products')!;
      expect(products.columns).toContainEqual({ name: 'gtin', required: true });
      expect(products.columns).toContainEqual({ name: 'brand', required: false });
      const viewer = await t.login(['viewer']);
      expect((await t.app.inject({ method: 'GET', url: '/api/imports', headers: { cookie: viewer } })).statusCode).toBe(403);
    } finally {
      await t.close();
    }
  });
});
