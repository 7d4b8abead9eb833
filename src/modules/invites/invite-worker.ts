import type PgBoss from 'pg-boss';
import { QUEUES } from '../../jobs/queue.js';
import { runJob } from '../../server/logger.js';
import type { InviteRequestJob } from './invite-links.js';
import type { InviteJob, InvitesService } from './invites.service.js';

/**
 * Takes invite emails off the queue. A thrown error hands the job back to pg-boss,
 * which retries it with exponential backoff; the last attempt records the failure.
 */
export async function workInviteEmails(
  boss: PgBoss,
  invites: InvitesService,
  opts: { pollingIntervalSeconds?: number } = {},
) {
  return boss.work<InviteJob>(
    QUEUES.inviteEmail,
    { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1 },
    async ([job]) => {
      await runJob(job, () => invites.deliverInvite(job.data, { isLast: job.retryCount >= job.retryLimit }));
    },
  );
}

/**
 * A job that failed for good without recording why (its process died, or the database
 * was unreachable on the last attempt) must not leave the invite queued forever, which
 * would block the customer's Invite button: mark it failed so staff can send again.
 */
export async function workDeadInviteEmails(
  boss: PgBoss,
  invites: InvitesService,
  opts: { pollingIntervalSeconds?: number } = {},
) {
  return boss.work<InviteJob>(
    QUEUES.inviteEmailDead,
    { batchSize: 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 2 },
    async ([job]) => {
      await runJob(job, () =>
        invites.abandonInvite(job.data, 'The invite email could not be sent after several attempts.'),
      );
    },
  );
}

/**
 * Takes visitors' "send me a new invite link" requests off the queue. The decision (and
 * the invite's own mail job) commits in one transaction; a thrown error is retried.
 */
export async function workInviteRequests(
  boss: PgBoss,
  invites: Pick<InvitesService, 'handleInviteRequest'>,
  opts: { pollingIntervalSeconds?: number } = {},
) {
  return boss.work<InviteRequestJob>(
    QUEUES.inviteRequest,
    { batchSize: 1, pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 1 },
    async ([job]) => {
      await runJob(job, () => invites.handleInviteRequest(job.data));
    },
  );
}
