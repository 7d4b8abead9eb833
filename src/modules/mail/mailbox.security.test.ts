import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { type Harness, startHarness, TEST_PUBLIC_URL } from '../../../test/support/harness.js';
import { isCatcherHost } from './catcher-host.js';

describeEachEngine('the mailbox under a foreign Host (DNS rebinding)', (db) => {
  let h: Harness;
  beforeAll(async () => {
    // No SMTP_URL: mail goes to the built-in catcher and the mailbox routes are on.
    h = await startHarness(db(), { worker: false, env: { SMTP_URL: '' } });
  });
  afterAll(() => h.close());

  const get = (url: string, host: string) => h.app.inject({ method: 'GET', url, headers: { host } });

  it('refuses the mailbox page and API for any other host, before reading a message', async () => {
    for (const host of [
      'evil.example',
      'evil.example:3000',
      'localhost.evil.example',
      '127.0.0.1.nip.example',
    ]) {
      for (const url of [
        '/api/mailbox',
        '/api/mailbox/00000000-0000-4000-8000-000000000000',
        '/mailbox',
        '/mailbox/x?y=1',
      ]) {
        const res = await get(url, host);
        expect(res.statusCode, `${host} ${url}`).toBe(403);
        expect(res.json().code).toBe('FORBIDDEN_HOST');
      }
    }
  });

  it('answers at loopback names and addresses and at the PUBLIC_URL host', async () => {
    for (const host of [
      'localhost:3000',
      '127.0.0.1:3000',
      '[::1]:3000',
      'LOCALHOST',
      new URL(TEST_PUBLIC_URL).host,
    ]) {
      const res = await get('/api/mailbox', host);
      expect(res.statusCode, host).toBe(200);
      expect(Array.isArray(res.json().messages)).toBe(true);
    }
  });

  it('leaves every other page alone whatever the Host', async () => {
    const res = await get('/api/portal/no-such-yard', 'evil.example');
    expect(res.statusCode).toBe(404);
  });
});

it('tells loopback and the public host from look-alikes', () => {
  const pub = 'https://portal.example.com';
  expect(isCatcherHost('portal.example.com', pub)).toBe(true);
  expect(isCatcherHost('portal.example.com.', pub)).toBe(true);
  expect(isCatcherHost('app.localhost:5173', pub)).toBe(true);
  expect(isCatcherHost('127.8.9.10', pub)).toBe(true);
  expect(isCatcherHost(undefined, pub)).toBe(false);
  expect(isCatcherHost('example.com', pub)).toBe(false);
  expect(isCatcherHost('portal.example.com.evil.test', pub)).toBe(false);
  expect(isCatcherHost('[::2]:80', pub)).toBe(false);
});
