import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const problems = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('cleanup settings', () => {
  it('defaults: 1000 rows a batch, counters kept 24 h, uploads 24 h, catcher mail 7 days', () => {
    expect(loadConfig({}).cleanup).toEqual({
      batchSize: 1000,
      rateLimitKeepHours: 24,
      uploadKeepHours: 24,
      mailboxKeepDays: 7,
    });
  });

  it('names each bad value and says what a good one looks like', () => {
    expect(problems({ RATE_LIMIT_KEEP_HOURS: '1' })).toEqual([
      'RATE_LIMIT_KEEP_HOURS: RATE_LIMIT_KEEP_HOURS must be at least 2 (the longest rate-limit window is 1 hour)',
    ]);
    expect(problems({ MAILBOX_KEEP_DAYS: 'week' })).toEqual([
      'MAILBOX_KEEP_DAYS: MAILBOX_KEEP_DAYS must be a number of days, e.g. 7',
    ]);
    expect(problems({ UPLOAD_SPOOL_KEEP_HOURS: '0', CLEANUP_BATCH_SIZE: '1.5' }).sort()).toEqual([
      'CLEANUP_BATCH_SIZE: CLEANUP_BATCH_SIZE must be a whole number of rows',
      'UPLOAD_SPOOL_KEEP_HOURS: UPLOAD_SPOOL_KEEP_HOURS must be at least 1 (an upload being read must not be removed)',
    ]);
  });
});
