import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DAY } from '../../server/clock.js';
import type { AppDeps } from '../../server/deps.js';
import { AppError } from '../../server/errors.js';
import { hashToken, newToken } from '../auth/tokens.js';
import { composeInviteMail, inviteRefusal } from '../invites/invite-message.js';
import { decideInvite } from '../invites/invite-policy.js';
import { inviteTemplatesRepo } from '../invites/invite-template.repo.js';
import { type InvitesService, tooSoonOnConflict } from '../invites/invites.service.js';
import { MailSendError } from '../mail/mailer.js';
import { batchDeliveryRepo } from './batch-delivery.repo.js';
import { batchRunnerRepo } from './batch-runner.repo.js';
import { inviteBatchesRepo } from './invite-batches.repo.js';

export interface BatchRunnerOptions {
  /** How long a claim on a batch lasts without renewal; a dead worker's batch resumes after it. */
  leaseSeconds: number;
  /** First wait after the mail server could not be reached; doubles up to five minutes. */
  retrySeconds: number;
  /** How often an idle worker looks for a batch to drive. */
  pollMs?: number;
  /** Invites handed to the mail server at once per batch: at most this many can be in flight at a crash. */
  concurrency?: number;
  /** Batches one process drives at once. */
  maxBatches?: number;
  log?: (msg: string, err?: unknown) => void;
}

const CHUNK = 200;
const MAX_RETRY_SECONDS = 300;
const CANCELLED = 'Cancelled before it was sent.';

class LeaseLost extends Error {}

/**
 * Drives confirmed bulk invites in the worker process. A batch is claimed with a lease
 * in the database and renewed as it goes; rows are decided and queued one by one through
 * the same `queueInvite` as a single invite (customer row lock, 24-hour rule, timeline),
 * then delivered through the same `deliverInvite`. After a crash another worker claims
 * the batch when the lease runs out and delivers the rows still queued first: only the
 * messages the mail server accepted in the last moment before the crash can go twice.
 */
export function startBatchRunner(
  deps: Pick<AppDeps, 'database' | 'clock' | 'config' | 'mailer'>,
  invites: Pick<InvitesService, 'queueInvite' | 'abandonInvite'>,
  opts: BatchRunnerOptions,
) {
  const { db } = deps.database;
  const repo = batchRunnerRepo(db);
  const delivery = batchDeliveryRepo(db);
  const batches = inviteBatchesRepo(db);
  const templates = inviteTemplatesRepo(db);
  const owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const pollMs = opts.pollMs ?? 1000;
  const concurrency = opts.concurrency ?? 4;
  const maxBatches = opts.maxBatches ?? 2;
  const log = opts.log ?? ((msg, err) => console.error(`[bulk-invites] ${msg}`, err ?? ''));
  const active = new Map<string, Promise<void>>();
  let stopped = false;
  let wakeUp: (() => void) | null = null;

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

  async function drive(claim: { id: string; yard_id: string; status: string; confirmed_by: string | null }) {
    const { id: batchId, yard_id: yardId } = claim;
    let finished = false;
    let pauseReason: string | null = null;
    let cleared = false;
    let renewedAt = Date.now();

    const renew = async () => {
      const r = await repo.renew(batchId, owner, opts.leaseSeconds);
      if (!r) throw new LeaseLost();
      renewedAt = Date.now();
      return r.status;
    };
    const renewIfDue = async () => {
      if (Date.now() - renewedAt > (opts.leaseSeconds * 1000) / 3) await renew();
    };

    /** Decides and queues one row exactly like a single invite; a "no" is the row's reason. */
    async function queueRow(row: { row_number: number; customer_id: string | null }) {
      const now = deps.clock.now();
      if (!row.customer_id) {
        await repo.settleRow(db, batchId, row.row_number, { result: 'skipped', reason: 'No customer', now });
        return null;
      }
      const customerId = row.customer_id;
      try {
        return await db.transaction().execute(async (trx) => {
          const q = await invites.queueInvite(trx, {
            yardId,
            customerId,
            staffId: claim.confirmed_by,
            now,
            enqueue: false,
          });
          await repo.settleRow(trx, batchId, row.row_number, {
            result: 'queued',
            reason: null,
            inviteId: q.inviteId,
            now: null,
          });
          return q.inviteId;
        });
      } catch (err) {
        const e = tooSoonOnConflict(err);
        if (!(e instanceof AppError)) throw e;
        await repo.settleRow(db, batchId, row.row_number, { result: 'skipped', reason: e.message, now });
        return null;
      }
    }

    /** Settles a row from its invite when the invite was handled before (crash, cancel, email change). */
    async function settleFromInvite(rowNumber: number, inviteId: string, fallback: string) {
      const invite = await repo.invite(yardId, inviteId);
      const now = deps.clock.now();
      if (invite?.sent_at) {
        await repo.settleRow(db, batchId, rowNumber, { result: 'sent', reason: null, now: invite.sent_at });
      } else if (invite?.status === 'failed' && invite.failure_reason !== CANCELLED) {
        await repo.settleRow(db, batchId, rowNumber, {
          result: 'failed',
          reason: invite.failure_reason,
          now,
        });
      } else {
        const reason =
          invite?.status === 'revoked' ? "The customer's email changed before sending." : fallback;
        await repo.settleRow(db, batchId, rowNumber, { result: 'skipped', reason, now });
      }
    }

    /**
     * Decides and queues a chunk of rows in one transaction, with the same rule and the
     * same rows as a single invite: customers locked in id order, decided by the invite
     * policy, older links superseded, invite rows and timeline events written. Should the
     * chunk fail (the unique index saw a race), its rows go one by one through queueInvite.
     */
    async function queueChunk(rows: Work[]): Promise<{ rowNumber: number; inviteId: string }[]> {
      const now = deps.clock.now();
      const by = { staffId: claim.confirmed_by, now };
      const ids = [...new Set(rows.flatMap((r) => (r.customer_id ? [r.customer_id] : [])))];
      try {
        return await db.transaction().execute(async (trx) => {
          const locked = new Map(
            (await delivery.lockCustomers(trx, yardId, ids)).map((c) => [c.id, c.email]),
          );
          const factsOf = await batches.inviteFacts(trx, yardId, [...locked.keys()]);
          const settled: Parameters<typeof delivery.settleRows>[2] = [];
          const eligible: { rowNumber: number; customerId: string; email: string }[] = [];
          for (const row of rows) {
            const email = row.customer_id ? locked.get(row.customer_id) : undefined;
            if (!row.customer_id || email === undefined) {
              settled.push({
                rowNumber: row.row_number,
                result: 'skipped',
                reason: 'The customer no longer exists.',
                inviteId: null,
                at: now,
              });
              continue;
            }
            const decision = decideInvite(factsOf(row.customer_id, email), now);
            const refusal = inviteRefusal(decision, email);
            if (refusal || !email) {
              settled.push({
                rowNumber: row.row_number,
                result: 'skipped',
                reason: refusal?.message ?? null,
                inviteId: null,
                at: now,
              });
            } else eligible.push({ rowNumber: row.row_number, customerId: row.customer_id, email });
          }
          const queued: { rowNumber: number; inviteId: string }[] = [];
          if (eligible.length) {
            await delivery.supersedeSent(
              trx,
              yardId,
              eligible.map((e) => e.customerId),
            );
            const inserted = await delivery.insertQueued(trx, yardId, eligible, by);
            await delivery.queuedEvents(trx, yardId, inserted, by);
            const inviteOf = new Map(inserted.map((i) => [i.customer_id, i.id]));
            for (const e of eligible) {
              const inviteId = inviteOf.get(e.customerId) as string;
              queued.push({ rowNumber: e.rowNumber, inviteId });
              settled.push({ rowNumber: e.rowNumber, result: 'queued', reason: null, inviteId, at: null });
            }
          }
          await delivery.settleRows(trx, batchId, settled);
          return queued;
        });
      } catch (err) {
        if ((err as { code?: string }).code !== '23505') throw err;
        const queued: { rowNumber: number; inviteId: string }[] = [];
        for (const row of rows) {
          const inviteId = await queueRow(row);
          if (inviteId) queued.push({ rowNumber: row.row_number, inviteId });
        }
        return queued;
      }
    }

    /**
     * Sends a chunk's queued invites, `concurrency` at a time: a token issued at send time,
     * the email composed exactly as for a single invite, and the outcome recorded with the
     * batch row in one statement as soon as the mail server answers.
     */
    async function deliverChunk(items: { rowNumber: number; inviteId: string }[]) {
      const ready = new Map(
        (
          await delivery.forDelivery(
            yardId,
            items.map((i) => i.inviteId),
          )
        ).map((r) => [r.id, r]),
      );
      const joined = await delivery.accountsOf(
        yardId,
        [...ready.values()].map((r) => r.customer_id),
      );
      const template = await templates.get(yardId);
      const tokens = new Map([...ready.keys()].map((id) => [id, newToken()]));
      const issued = await delivery.setTokens(
        yardId,
        [...tokens].map(([inviteId, token]) => ({ inviteId, hash: hashToken(token) })),
      );
      let next = 0;
      const lane = async () => {
        while (next < items.length && !pauseReason && !stopped) {
          const { rowNumber, inviteId } = items[next++];
          await renewIfDue();
          const invite = ready.get(inviteId);
          if (!invite) {
            await settleFromInvite(rowNumber, inviteId, 'The invite was no longer waiting to be sent.');
            continue;
          }
          if (joined.has(invite.customer_id)) {
            const reason = 'The customer already has a portal account.';
            await invites.abandonInvite({ inviteId }, reason);
            await repo.settleRow(db, batchId, rowNumber, {
              result: 'skipped',
              reason,
              now: deps.clock.now(),
            });
            continue;
          }
          const token = tokens.get(inviteId);
          if (!token || !issued.has(inviteId)) {
            await settleFromInvite(rowNumber, inviteId, 'The invite was no longer waiting to be sent.');
            continue;
          }
          const { mail, expiryDays } = composeInviteMail(invite, token, template, {
            publicUrl: deps.config.publicUrl,
            defaultExpiryDays: deps.config.inviteExpiryDays,
            now: deps.clock.now(),
          });
          const at = { yardId, inviteId, batchId, rowNumber };
          try {
            await deps.mailer.send(mail);
          } catch (err) {
            const failure = err instanceof MailSendError ? err : new MailSendError(false, String(err));
            if (!failure.permanent) {
              pauseReason = failure.serverReason;
              return;
            }
            if (
              !(await delivery.markFailed({ ...at, now: deps.clock.now(), reason: failure.serverReason }))
            ) {
              await settleFromInvite(rowNumber, inviteId, 'The invite was no longer waiting to be sent.');
            }
            continue;
          }
          if (!cleared) {
            cleared = true;
            await repo.clearPause(batchId);
          }
          const sentAt = deps.clock.now();
          const expiresAt = new Date(sentAt.getTime() + expiryDays * DAY);
          if (!(await delivery.markSent({ ...at, now: sentAt, expiresAt }))) {
            await settleFromInvite(rowNumber, inviteId, 'The invite was no longer waiting to be sent.');
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
    }

    type Work = { row_number: number; customer_id: string | null; invite_id: string | null };
    async function runChunk(rows: Work[], fresh: boolean) {
      const items = fresh
        ? await queueChunk(rows)
        : rows.flatMap((r) => (r.invite_id ? [{ rowNumber: r.row_number, inviteId: r.invite_id }] : []));
      if (items.length) await deliverChunk(items);
    }

    async function cancel() {
      for (const row of await repo.nextRows(yardId, batchId, 'queued', 100_000)) {
        if (!row.invite_id) continue;
        await invites.abandonInvite({ inviteId: row.invite_id }, CANCELLED);
        await settleFromInvite(row.row_number, row.invite_id, CANCELLED);
      }
      await repo.skipPending(batchId, CANCELLED, deps.clock.now());
      await repo.finish(batchId, owner, 'cancelled', deps.clock.now());
      finished = true;
    }

    try {
      while (!stopped) {
        const status = await renew();
        if (status === 'cancelling') return await cancel();
        if (status !== 'running') return;
        // Rows queued before a crash or a pause go first, then the rest in file order.
        const queued = await repo.nextRows(yardId, batchId, 'queued', CHUNK);
        if (queued.length) await runChunk(queued, false);
        else {
          const pending = await repo.nextRows(yardId, batchId, 'pending', CHUNK);
          if (!pending.length) {
            await repo.finish(batchId, owner, 'completed', deps.clock.now());
            finished = true;
            return;
          }
          await runChunk(pending, true);
        }
        if (pauseReason) {
          const retries = await repo.retryCount(batchId);
          const delay = Math.min(opts.retrySeconds * 2 ** retries, MAX_RETRY_SECONDS);
          await repo.pause(batchId, owner, delay, pauseReason);
          finished = true;
          return;
        }
      }
    } catch (err) {
      // An unexpected error keeps the lease: the batch is tried again when it runs out.
      finished = true;
      if (!(err instanceof LeaseLost)) throw err;
    } finally {
      if (!finished) await repo.release(batchId, owner).catch(() => {});
    }
  }

  async function loop() {
    while (!stopped) {
      let claimed = false;
      if (active.size < maxBatches) {
        try {
          const claim = await repo.claim(owner, opts.leaseSeconds, [...active.keys()]);
          if (claim) {
            claimed = true;
            const run = drive(claim)
              .catch((err) => log(`batch ${claim.id} stopped; it resumes when its lease runs out`, err))
              .finally(() => {
                active.delete(claim.id);
                wakeUp?.();
              });
            active.set(claim.id, run);
          }
        } catch (err) {
          if (!stopped) log('could not look for bulk invites to send', err);
        }
      }
      if (!claimed && !stopped) await sleep(pollMs);
    }
  }

  const looping = loop();
  return {
    owner,
    /** Looks for work now instead of at the next poll (e.g. right after a confirmation in this process). */
    wake: () => wakeUp?.(),
    async stop() {
      stopped = true;
      wakeUp?.();
      await looping;
      await Promise.allSettled(active.values());
    },
  };
}

export type BatchRunner = ReturnType<typeof startBatchRunner>;
