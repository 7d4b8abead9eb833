import { describe, expect, it } from 'vitest';
import { holdLease, LeaseLost, pauseSeconds } from './batch-lease.js';

function fakeRepo(answer: { status: 'running' | 'cancelling' } | undefined) {
  const calls: string[] = [];
  return {
    calls,
    repo: {
      renew: async () => {
        calls.push('renew');
        return answer;
      },
      release: async () => {
        calls.push('release');
        return [];
      },
      pause: async (_b: string, _o: string, delay: number, reason: string) => {
        calls.push(`pause ${delay} ${reason}`);
        return [];
      },
      retryCount: async () => 3,
      finish: async () => [],
    },
  };
}

describe('batch lease', () => {
  const lease = { batchId: 'b', owner: 'w', leaseSeconds: 60, retrySeconds: 5 };

  it('renews while sending only once a third of the lease has gone by', async () => {
    const { repo, calls } = fakeRepo({ status: 'running' });
    let now = 0;
    const held = holdLease(repo as never, lease, () => now);
    now = 19_000;
    await held.renewIfDue();
    expect(calls).toEqual([]);
    now = 20_001;
    await held.renewIfDue();
    expect(calls).toEqual(['renew']);
    now = 30_000;
    await held.renewIfDue();
    expect(calls).toEqual(['renew']);
  });

  it('stops with LeaseLost when another worker holds the batch now', async () => {
    const { repo } = fakeRepo(undefined);
    const held = holdLease(repo as never, lease, () => 0);
    await expect(held.renew()).rejects.toBeInstanceOf(LeaseLost);
  });

  it('waits longer after each failed try, never more than five minutes', async () => {
    expect([0, 1, 2, 3].map((n) => pauseSeconds(5, n))).toEqual([5, 10, 20, 40]);
    expect(pauseSeconds(5, 10)).toBe(300);
    const { repo, calls } = fakeRepo({ status: 'running' });
    await holdLease(repo as never, lease).pause('421 try later');
    expect(calls).toEqual(['pause 40 421 try later']);
  });
});
