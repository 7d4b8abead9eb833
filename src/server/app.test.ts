import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/support/databases.js';
import { type Harness, startHarness } from '../../test/support/harness.js';
import { ConfigError, loadConfig } from './config.js';

describeEachEngine('the HTTP server', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  it('publishes an OpenAPI document with request and response schemas', async () => {
    const res = await h.agent().get('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/staff/customers',
        '/api/staff/customers/{id}/invites',
        '/api/portal/{yard}/invite/accept',
      ]),
    );
    expect(doc.paths['/api/staff/customers/{id}/invites'].post.responses['201']).toBeTruthy();
  });

  it('answers unknown API paths with a JSON 404 and sends protective headers', async () => {
    const res = await h.agent().get('/api/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('rejects a body that is not JSON with a 4xx, not a 500', async () => {
    const a = h.agent();
    const token = await a.token();
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/staff/sign-in',
      headers: {
        'content-type': 'application/json',
        'x-csrf-token': token,
        cookie: `${h.cookieNames.csrf}=${encodeURIComponent(a.cookie(h.cookieNames.csrf)!)}`,
      },
      payload: '{not json',
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.json().message).toBeTruthy();
  });
});

it('config names every bad setting and how to fix it', () => {
  expect(() => loadConfig({ PORT: 'eighty', PUBLIC_URL: 'not a url', SMTP_URL: 'http://x' })).toThrow(
    ConfigError,
  );
  try {
    loadConfig({ PORT: 'eighty', PUBLIC_URL: 'not a url', SMTP_URL: 'http://x' });
  } catch (e) {
    const msg = (e as Error).message;
    expect(msg).toContain('PORT');
    expect(msg).toContain('PUBLIC_URL');
    expect(msg).toContain('SMTP_URL');
  }
  const c = loadConfig({ PORT: '4000' });
  expect(c.publicUrl).toBe('http://localhost:4000');
  expect(c.useMailCatcher).toBe(true);
  expect(c.embeddedDatabase).toBe(true);
});
