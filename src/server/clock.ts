/** One injectable source of time, so tests can move past 24 hours without sleeping. */
export interface Clock {
  now(): Date;
  /** Waits `ms` of this clock's time (a test clock moves itself on instead of waiting). */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** A clock tests can move by hand. */
export function manualClock(start = new Date('2026-06-01T12:00:00Z')) {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    async sleep(ms: number) {
      current += ms;
    },
    advance(ms: number) {
      current += ms;
    },
    set(date: Date) {
      current = date.getTime();
    },
  };
}

export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;
