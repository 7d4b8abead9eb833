import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The machine's clock is put far from both yards below, so a formatter that falls back to the
// browser's zone shows a different day or hour than the one asserted.
const machineZone = process.env.TZ;
process.env.TZ = 'Atlantic/Azores';
const { formatDate, formatDateTime, formatWhen, setYardTimeZone, shownTimeZone, yardDay } = await import(
  './format'
);

// 23:30 UTC on 4 March 2026: the 5th, 12:30 PM in Auckland (UTC+13), the 4th, 3:30 PM in Los Angeles (UTC−8).
const nearMidnight = '2026-03-04T23:30:00.000Z';

describe('times on the yard clock', () => {
  beforeAll(() => {
    expect(new Date(nearMidnight).getHours()).toBe(22); // the Azores are UTC−1 in March
  });
  afterAll(() => {
    if (machineZone === undefined) delete process.env.TZ;
    else process.env.TZ = machineZone;
  });

  it('shows an instant in Auckland on the next day', () => {
    setYardTimeZone('Pacific/Auckland');
    expect(shownTimeZone()).toBe('Pacific/Auckland');
    expect(formatDateTime(nearMidnight)).toBe('Mar 5, 2026, 12:30 PM');
    expect(formatDate(nearMidnight)).toBe('Mar 5, 2026');
    expect(yardDay(nearMidnight)).toBe('2026-03-05');
    // An hour later it is still the 5th in Auckland: "today", not "yesterday" as in UTC.
    expect(formatWhen(nearMidnight, Date.parse('2026-03-05T00:30:00Z'))).toBe('today at 12:30 PM');
    expect(formatWhen(nearMidnight, Date.parse('2026-03-04T10:00:00Z'))).toBe('tomorrow at 12:30 PM');
  });

  it('shows the same instant in Los Angeles on the day before', () => {
    setYardTimeZone('America/Los_Angeles');
    expect(formatDateTime(nearMidnight)).toBe('Mar 4, 2026, 3:30 PM');
    expect(formatDate(nearMidnight)).toBe('Mar 4, 2026');
    expect(yardDay(nearMidnight)).toBe('2026-03-04');
    // 01:00 UTC on the 5th is still the 4th in Los Angeles.
    expect(formatWhen(nearMidnight, Date.parse('2026-03-05T01:00:00Z'))).toBe('today at 3:30 PM');
  });

  it('keeps a date-only value on its day in every zone', () => {
    for (const zone of [
      'Pacific/Auckland',
      'America/Los_Angeles',
      'Pacific/Kiritimati',
      'Pacific/Pago_Pago',
    ]) {
      setYardTimeZone(zone);
      expect(formatDate('2026-03-05')).toBe('Mar 5, 2026');
      expect(formatDate('2026-01-01')).toBe('Jan 1, 2026');
      expect(formatDateTime('2026-12-31')).toBe('Dec 31, 2026');
    }
  });

  it('keeps the last good zone when given an unknown one', () => {
    setYardTimeZone('Pacific/Auckland');
    setYardTimeZone('Mars/Olympus_Mons');
    expect(shownTimeZone()).toBe('Pacific/Auckland');
    expect(formatDate(nearMidnight)).toBe('Mar 5, 2026');
  });
});
