import { expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/test-database.js';
import { useTestServer } from '../testing/test-server.js';

describeEachDatabase('products API', ({ db, ws }) => {
  const server = useTestServer({ db, ws });
  const call = server.call;

  it('creates, reads, patches and deletes a product', async () => {
    const res = await call('POST', '/api/v1/products', { sku: 'PRO-M', name: 'Pro plan, monthly', category: 'plan', price: 49.9, traits: { tier: 2 } });
    expect(res.statusCode).toBe(201);
    const p = res.json();
    expect(p).toMatchObject({ sku: 'PRO-M', name: 'Pro plan, monthly', category: 'plan', price: 49.9, currency: 'EUR', traits: { tier: 2 } });
    expect((await call('GET', `/api/v1/products/${p.id}`)).json()).toEqual(p);

    const patched = await call('PATCH', `/api/v1/products/${p.id}`, { price: 59, category: null, currency: 'SEK', traits: { tier: null, seats: 5 } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ price: 59, category: null, currency: 'SEK', traits: { seats: 5 } });
    expect(patched.json().traits).not.toHaveProperty('tier');

    expect((await call('DELETE', `/api/v1/products/${p.id}`)).statusCode).toBe(204);
    expect((await call('GET', `/api/v1/products/${p.id}`)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/v1/products/${p.id}`)).statusCode).toBe(404);
  });

  it('answers a sku clash with 409 naming sku, on create and on patch', async () => {
    await call('POST', '/api/v1/products', { sku: 'DUP', name: 'One' });
    const other = (await call('POST', '/api/v1/products', { sku: 'OTHER', name: 'Two' })).json();
    const created = await call('POST', '/api/v1/products', { sku: 'DUP', name: 'Again' });
    expect(created.statusCode).toBe(409);
    expect(created.json().errors).toEqual([{ path: 'body/sku', message: 'is already taken' }]);
    const patched = await call('PATCH', `/api/v1/products/${other.id}`, { sku: 'DUP' });
    expect(patched.statusCode).toBe(409);
    expect(patched.json().errors[0].path).toBe('body/sku');
  });

  it('rejects bad fields naming each one', async () => {
    const res = await call('POST', '/api/v1/products', { sku: '', price: -1, currency: 'eur', colour: 'red' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(
      expect.arrayContaining(['body/sku', 'body/name', 'body/price', 'body/currency', 'body/colour']),
    );
  });

  it('lists by name or sku, filters by category, searches name and sku, pages without gaps', async () => {
    const items = [
      { sku: 'ADD-SSO', name: 'Single sign-on add-on', category: 'addon' },
      { sku: 'BASIC-Y', name: 'basic plan, yearly', category: 'plan' },
      { sku: 'ADD-API', name: 'API add-on', category: 'addon' },
      { sku: 'ENT-Y', name: 'Enterprise plan, yearly', category: 'plan' },
    ];
    const ids = new Map<string, number>();
    for (const item of items) ids.set(item.sku, (await call('POST', '/api/v1/products', item)).json().id);
    async function walk(query: string): Promise<string[]> {
      const out: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await call('GET', `/api/v1/products?limit=1&category=${query}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(res.statusCode, res.body).toBe(200);
        out.push(...res.json().data.map((p: { sku: string }) => p.sku));
        cursor = res.json().next_cursor;
      } while (cursor);
      return out;
    }
    expect(await walk('plan')).toEqual(['BASIC-Y', 'ENT-Y']);
    expect(await walk('addon&sort=-name')).toEqual(['ADD-SSO', 'ADD-API']);
    expect(await walk('addon&sort=sku')).toEqual(['ADD-API', 'ADD-SSO']);
    expect(await walk('plan&q=YEARLY&sort=-sku')).toEqual(['ENT-Y', 'BASIC-Y']);
    expect(await walk('addon&q=add-a')).toEqual(['ADD-API']);
    expect((await call('GET', '/api/v1/products?q=sign-on')).json().data.map((p: { sku: string }) => p.sku)).toEqual(['ADD-SSO']);
  });
});
