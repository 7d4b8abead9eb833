import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import { createLogger, redactUrl } from './logger.js';

describe('logs', () => {
  it('are JSON in production and readable in development, unless LOG_FORMAT says otherwise', () => {
    expect(loadConfig({}).logFormat).toBe('pretty');
    expect(loadConfig({ NODE_ENV: 'production' }).logFormat).toBe('json');
    expect(loadConfig({ NODE_ENV: 'production', LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(() => loadConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT must be json or pretty/);
  });

  it('leave link tokens and query strings out of a logged URL', () => {
    const token = 'Qk3v9mZt0aB1cD2eF3gH4iJ5kL6mN7oP8qR9sT0uV1w';
    expect(redactUrl(`/portal/harbor/accept/${token}`)).toBe('/portal/harbor/accept/[token]');
    expect(redactUrl(`/portal/harbor/reset/${token}?from=mail`)).toBe('/portal/harbor/reset/[token]');
    expect(redactUrl(`/portal/harbor/confirm-email/${token}`)).toBe('/portal/harbor/confirm-email/[token]');
    expect(redactUrl(`/staff/welcome/${token}`)).toBe('/staff/welcome/[token]');
    expect(redactUrl('/api/portal/harbor/invite/accept')).toBe('/api/portal/harbor/invite/accept');
    expect(redactUrl(`/api/staff/orders?q=${token}`)).toBe('/api/staff/orders');
  });

  it('censor headers and fields that carry a session, a token or a password', () => {
    let out = '';
    const log = createLogger({
      level: 'info',
      format: 'json',
      destination: { write: (s: string) => (out += s) },
    });
    log.info(
      {
        req: { method: 'GET', url: '/x', headers: { cookie: 'sid=secret-cookie' } },
        headers: { authorization: 'Bearer secret-bearer', cookie: 'sid=secret-cookie-2' },
        body: { password: 'secret-password', token: 'secret-token' },
        password: 'secret-top',
      },
      'something',
    );
    expect(out).toContain('something');
    expect(out).not.toMatch(/secret-/);
  });
});
