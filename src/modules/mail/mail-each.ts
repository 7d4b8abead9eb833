import type PgBoss from 'pg-boss';
import { MailSendError } from './mailer.js';

/** How long a follow-up job for those whose mail failed in passing waits before it tries. */
export const AGAIN_AFTER_SECONDS = 5;

/**
 * Mails the people a record was shared with, one by one, after its owner, and says what is
 * left. An address the mail server refuses for good is handed to `refused` (logged) and not
 * tried again. A passing failure (the server away, a 4xx) is tried again for that person
 * alone: `retryOnly` queues the same job for just those sign-ins (`only`, in the job's data),
 * so the owner and the others already mailed never get it twice. A job that was already such
 * a retry and failed for everyone in it is thrown, for the queue's own retries and backoff.
 */
export async function mailEach<G extends { account_id: string }>(
  people: G[],
  send: (person: G) => Promise<unknown>,
  refused: (person: G) => void,
): Promise<{ again: string[]; error: unknown }> {
  const again: string[] = [];
  let error: unknown = null;
  for (const person of people) {
    try {
      await send(person);
    } catch (err) {
      if (err instanceof MailSendError && err.permanent) refused(person);
      else {
        again.push(person.account_id);
        error = err;
      }
    }
  }
  return { again, error };
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
  await boss.send(queue, { ...data, only: left.again }, { startAfter: AGAIN_AFTER_SECONDS });
}
