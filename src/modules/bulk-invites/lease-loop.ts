import { isDatabaseUnavailable } from '../../db/unavailable.js';

/**
 * The polling side of a leased runner: claims a job (with a lease in the database) when
 * this process drives fewer than `maxJobs`, drives it, and looks again. A job whose drive
 * throws keeps its lease and is taken up again when the lease runs out, by this worker or
 * another. Used by bulk invites and imports.
 */
export function startLeaseLoop<C extends { id: string }>(opts: {
  claim: (skip: string[]) => Promise<C | undefined>;
  drive: (claim: C, isStopping: () => boolean) => Promise<unknown>;
  pollMs: number;
  maxJobs: number;
  log: (msg: string, err?: unknown) => void;
  /** "batch", "import": for the log. */
  what: string;
}) {
  const active = new Map<string, Promise<unknown>>();
  let stopped = false;
  let wakeUp: (() => void) | null = null;
  const isStopping = () => stopped;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        wakeUp = null;
        resolve();
      }
      wakeUp = done;
    });

  async function loop() {
    while (!stopped) {
      let claimed = false;
      if (active.size < opts.maxJobs) {
        try {
          const claim = await opts.claim([...active.keys()]);
          if (claim) {
            claimed = true;
            const run = opts
              .drive(claim, isStopping)
              .catch((err) =>
                opts.log(`${opts.what} ${claim.id} stopped; it resumes when its lease runs out`, err),
              )
              .finally(() => {
                active.delete(claim.id);
                wakeUp?.();
              });
            active.set(claim.id, run);
          }
        } catch (err) {
          // While PostgreSQL is away this repeats every poll: one line each, not a stack trace.
          if (!stopped)
            opts.log(
              `could not look for work (${opts.what})`,
              isDatabaseUnavailable(err) ? `database unavailable: ${(err as Error).message}` : err,
            );
        }
      }
      if (!claimed && !stopped) await sleep(opts.pollMs);
    }
  }

  const looping = loop();
  return {
    /** Looks for work now instead of at the next poll. */
    wake: () => wakeUp?.(),
    /** The jobs this process drives now (their ids): what a stop still waits for. */
    working: () => [...active.keys()],
    /** Claims nothing more; each job being driven stops at its next step and releases its lease. */
    async stop() {
      stopped = true;
      wakeUp?.();
      await looping;
      await Promise.allSettled(active.values());
    },
  };
}
