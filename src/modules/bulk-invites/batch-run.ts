import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../server/clock.js';
import type { InvitesService } from '../invites/invites.service.js';
import type { BatchQueueRepo } from './batch-queue.repo.js';
import type { BatchRunnerRepo } from './batch-runner.repo.js';
import type { InviteBatchesRepo } from './invite-batches.repo.js';

/** The batch a worker holds the lease of: what every step of driving it works on. */
export interface BatchRun {
  batchId: string;
  yardId: string;
  /** Who confirmed it: the invites are theirs on each customer's timeline. */
  confirmedBy: string | null;
}

/** A batch row whose invite is queued, waiting to be sent. */
export interface QueuedRow {
  rowNumber: number;
  inviteId: string;
}

/** A row of the batch as the runner reads it. */
export interface RunRow {
  row_number: number;
  customer_id: string | null;
  invite_id: string | null;
}

/** What the steps of driving a batch use. */
export interface RunnerContext {
  db: Kysely<DB>;
  clock: Clock;
  rows: BatchRunnerRepo;
  queue: BatchQueueRepo;
  facts: Pick<InviteBatchesRepo, 'inviteFacts'>;
  invites: Pick<InvitesService, 'queueInvite' | 'prepareDelivery' | 'deliverInvites' | 'abandonInvite'>;
  /** Invites handed to the mail server at once per batch: at most this many can go twice after a crash. */
  concurrency: number;
}

export const CANCELLED = 'Cancelled before it was sent.';
