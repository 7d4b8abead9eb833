import type { InviteBatchStatus } from '../../db/schema.js';

/** Another worker holds the batch now (ours ran out): stop without touching it. */
export class LeaseLost extends Error {
  constructor() {
    super('The lease on this batch was taken over by another worker.');
  }
}

const MAX_RETRY_SECONDS = 300;

/** The wait after the mail server could not be reached: doubled per failed try, at most five minutes. */
export function pauseSeconds(retrySeconds: number, retriesSoFar: number) {
  return Math.min(retrySeconds * 2 ** retriesSoFar, MAX_RETRY_SECONDS);
}

/** Where a leased job lives: bulk invites' batches, imports' jobs. */
export interface LeaseStore<S extends string> {
  renew(id: string, owner: string, leaseSeconds: number): Promise<{ status: S } | undefined>;
  release(id: string, owner: string): Promise<unknown>;
  pause(id: string, owner: string, delaySeconds: number, reason: string): Promise<unknown>;
  retryCount(id: string): Promise<number>;
  finish(id: string, owner: string, status: 'completed' | 'cancelled', now: Date): Promise<unknown>;
}

/**
 * A worker's claim on one batch (or any job kept in a LeaseStore). The lease's end is database time; renewals are spaced by
 * this process's own clock, a third of the lease apart, so a slow mail server never lets
 * it run out while the worker is alive. Every write is conditional on still owning it.
 */
export function holdLease<S extends string = InviteBatchStatus>(
  repo: LeaseStore<S>,
  lease: { batchId: string; owner: string; leaseSeconds: number; retrySeconds: number },
  monotonicMs: () => number = () => performance.now(),
) {
  const { batchId, owner, leaseSeconds } = lease;
  let renewedAt = monotonicMs();

  /** Extends the lease; answers the batch's status (staff may have cancelled it meanwhile). */
  async function renew(): Promise<S> {
    const r = await repo.renew(batchId, owner, leaseSeconds);
    if (!r) throw new LeaseLost();
    renewedAt = monotonicMs();
    return r.status;
  }

  return {
    renew,
    async renewIfDue() {
      if (monotonicMs() - renewedAt > (leaseSeconds * 1000) / 3) await renew();
    },
    /** Lets any worker take the batch at once (this process is stopping). */
    release: () => repo.release(batchId, owner).then(() => {}),
    /** The mail server is unreachable: give the batch up until the wait is over. */
    async pause(reason: string) {
      const delay = pauseSeconds(lease.retrySeconds, await repo.retryCount(batchId));
      await repo.pause(batchId, owner, delay, reason);
    },
    finish: (status: 'completed' | 'cancelled', now: Date) =>
      repo.finish(batchId, owner, status, now).then(() => {}),
  };
}

export type BatchLease = ReturnType<typeof holdLease<InviteBatchStatus>>;
