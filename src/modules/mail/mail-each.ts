import type PgBoss from 'pg-boss';
import { MailSendError } from './mailer.js';

/** How long a follow-up job for those whose mail failed in passing waits before it tries. */
export const AGAIN_AFTER_SECONDS = 5;

/**
 * Mails the people a record was shared with, one by one, after its owner, and says what is
 * left. An address the mail server refuses for good is handed to `refused` (logged) and not
 * tried again. A passing refusal (a 4xx about that address) is tried again for that person
 * alone: `retryOnly` queues the same job for just those sign-ins (`only`, in the job's data),
 * so the owner and the others already mailed never get it twice. A timeout or a lost
 * connection says the server is in trouble, not the address: the rest are not tried now but
 * left for the follow-up, so that a slow server cannot stretch the job past the queue's
 * expiry (120 s), which would run it again whole. Anything but a mail failure is thrown.
 */
export async function mailEach<G extends { account_id: string }>(
  people: G[],
  send: (person: G) => Promise<unknown>,
  refused: (person: G) => void,
): Promise<{ again: string[]; error: unknown; sent: number }> {
  const again: string[] = [];
  let error: unknown = null;
  let sent = 0;
  for (const person of people) {
    if (error instanceof MailSendError && !error.answered) {
      again.push(person.account_id);
      continue;
    }
    try {
      await send(person);
      sent += 1;
    } catch (err) {
      if (!(err instanceof MailSendError)) throw err;
      if (err.permanent) refused(person);
      else {
        again.push(person.account_id);
        error = err;
      }
    }
  }
  return { again, error, sent };
}

/**
 * After mailEach: nothing left, done; some left, a job for just them (unless this job was
 * such a retry and nobody in it was reached: then the error, and the queue tries it again).
 */
export async function retryOnly<D extends { only?: string[] }>(
  boss: PgBoss,
  queue: string,
  data: D,
  tried: number,
  left: { again: string[]; error: unknown },
): Promise<void> {
  if (left.again.length === 0) return;
  if (data.only && left.again.length === tried) throw left.error;
  // Should this fail (the database away), the job is retried whole: a rare second mail to
  // those reached, rather than none to those left.
  await boss.send(queue, { ...data, only: left.again }, { startAfter: AGAIN_AFTER_SECONDS });
}

/**
 * The owner's (or the yard's) own copy, first: a passing failure is thrown before anyone
 * else is mailed, so the queue retries the whole job; an address refused for good is logged
 * (`refused`) and the others are still mailed.
 */
export async function mailFirst(send: () => Promise<unknown>, refused: () => void): Promise<boolean> {
  try {
    await send();
    return true;
  } catch (err) {
    if (!(err instanceof MailSendError) || !err.permanent) throw err;
    refused();
    return false;
  }
}

/**
 * What a mail job logs it did (runJob's `outcome`): `sent` when the mail server accepted it
 * for anyone, `deferred` when nobody yet but some are left for the follow-up, `refused` when
 * every address was refused for good.
 */
export function mailOutcome(ownerSent: boolean, left: { again: string[]; sent: number }) {
  if (ownerSent || left.sent > 0) return 'sent';
  return left.again.length > 0 ? 'deferred' : 'refused';
}
