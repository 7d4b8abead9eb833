import { expect, it } from 'vitest';
import { SIGN_IN_LIMITS, SLOW_DOWN, slowDownMs } from './sign-in-limits.js';

it('waits nothing up to the slow-down limit, then doubles from 1 s up to the cap', () => {
  const limit = SIGN_IN_LIMITS.slowDownPerAccount.limit;
  expect(slowDownMs(0)).toBe(0);
  expect(slowDownMs(limit - 1)).toBe(0);
  expect(slowDownMs(limit)).toBe(1000);
  expect(slowDownMs(limit + 1)).toBe(2000);
  expect(slowDownMs(limit + 2)).toBe(4000);
  expect(slowDownMs(limit + 3)).toBe(8000);
  expect(slowDownMs(limit + 4)).toBe(SLOW_DOWN.maxMs);
  expect(slowDownMs(limit + 10_000)).toBe(SLOW_DOWN.maxMs);
});
