import { describe, expect, it } from 'vitest';
import {
  addMonths,
  CATCH_UP_DAYS,
  dueOccurrence,
  hoursThreshold,
  latestOccurrence,
  localDate,
  nextOccurrence,
} from './reminder-schedule.js';

describe('when a service reminder is due', () => {
  it('reads the date in the yard’s time zone', () => {
    const at = new Date('2026-10-01T06:30:00Z');
    expect(localDate(at, 'UTC')).toBe('2026-10-01');
    expect(localDate(at, 'America/Los_Angeles')).toBe('2026-09-30');
    expect(localDate(new Date('2026-09-30T12:00:00Z'), 'Pacific/Auckland')).toBe('2026-10-01');
  });

  it('a yearly day: this year’s once it has come, else last year’s; 29 February is the 28th in other years', () => {
    const winterize = { rule: 'yearly' as const, month: 10, day: 1 };
    expect(latestOccurrence(winterize, '2026-10-01')).toBe('2026-10-01');
    expect(latestOccurrence(winterize, '2026-09-30')).toBe('2025-10-01');
    expect(nextOccurrence(winterize, '2026-10-01')).toBe('2027-10-01');
    expect(nextOccurrence(winterize, '2026-09-30')).toBe('2026-10-01');
    const leap = { rule: 'yearly' as const, month: 2, day: 29 };
    expect(latestOccurrence(leap, '2027-03-01')).toBe('2027-02-28');
    expect(latestOccurrence(leap, '2028-03-01')).toBe('2028-02-29');
  });

  it('every few months from a start, the day kept where the month has it', () => {
    const everySix = { rule: 'interval' as const, intervalMonths: 6, startsOn: '2026-01-31' };
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(latestOccurrence(everySix, '2026-01-30')).toBeNull();
    expect(latestOccurrence(everySix, '2026-07-30')).toBe('2026-01-31');
    expect(latestOccurrence(everySix, '2026-07-31')).toBe('2026-07-31');
    expect(nextOccurrence(everySix, '2026-07-31')).toBe('2027-01-31');
    expect(nextOccurrence(everySix, '2025-12-01')).toBe('2026-01-31');
  });

  it('is due from its day for the catch-up days, and never for a day before the reminder was made', () => {
    const winterize = { rule: 'yearly' as const, month: 10, day: 1 };
    expect(dueOccurrence(winterize, '2026-09-30', '2026-09-01')).toBeNull();
    expect(dueOccurrence(winterize, '2026-10-01', '2026-09-01')).toBe('2026-10-01');
    expect(dueOccurrence(winterize, '2026-10-01', '2026-10-01')).toBe('2026-10-01');
    expect(dueOccurrence(winterize, `2026-10-${String(CATCH_UP_DAYS).padStart(2, '0')}`, '2026-09-01')).toBe(
      '2026-10-01',
    );
    expect(dueOccurrence(winterize, `2026-10-${CATCH_UP_DAYS + 1}`, '2026-09-01')).toBeNull();
    expect(dueOccurrence(winterize, '2026-10-03', '2026-10-02')).toBeNull();
  });

  it('engine hours: the highest multiple of the interval passed', () => {
    expect(hoursThreshold(99.9, 100)).toBeNull();
    expect(hoursThreshold(100, 100)).toBe(100);
    expect(hoursThreshold(349.5, 100)).toBe(300);
  });
});
