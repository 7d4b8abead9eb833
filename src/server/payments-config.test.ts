import { expect, it } from 'vitest';
import { type ConfigError, loadConfig } from './config.js';

const base = { LOG_LEVEL: 'silent' };
const stripe = {
  STRIPE_SECRET_KEY: 'sk_test_a',
  STRIPE_WEBHOOK_SECRET: 'whsec_a',
  STRIPE_PUBLISHABLE_KEY: 'pk_test_a',
};

it('Stripe takes all three keys, of one mode; none is the built-in provider', () => {
  expect(loadConfig(base).payments).toEqual({ provider: 'offline' });
  expect(loadConfig({ ...base, ...stripe }).payments).toEqual({
    provider: 'stripe',
    secretKey: 'sk_test_a',
    webhookSecret: 'whsec_a',
    publishableKey: 'pk_test_a',
  });
  const problems = (env: Record<string, string>) => {
    try {
      loadConfig({ ...base, ...env });
    } catch (err) {
      return (err as ConfigError).problems.join('\n');
    }
    return '';
  };
  expect(problems({ ...stripe, STRIPE_PUBLISHABLE_KEY: '' })).toMatch(/set all three/);
  expect(problems({ STRIPE_PUBLISHABLE_KEY: 'pk_test_a' })).toMatch(/set all three/);
  expect(problems({ ...stripe, STRIPE_PUBLISHABLE_KEY: 'pk_live_a' })).toMatch(/same mode/);
  expect(problems({ ...stripe, STRIPE_PUBLISHABLE_KEY: 'sk_test_a' })).toMatch(/must start with pk_test_/);
});
