import { DAY } from '../../server/clock.js';
import type { AppDeps } from '../../server/deps.js';
import type { InviteTemplateInput } from '../../shared/api-types.js';
import { hashToken, newToken } from '../auth/tokens.js';
import { MailSendError } from '../mail/mailer.js';
import { type InviteDeliveryRepo, inviteDeliveryRepo } from './invite-delivery.repo.js';
import { composeInviteMail } from './invite-message.js';
import { inviteTemplatesRepo } from './invite-template.repo.js';
import { inviteLinksRepo } from './invites.repo.js';

export const ALREADY_IN_PORTAL = 'The customer already has a portal account.';

/**
 * What became of one invite. `failed` and `abandoned` are recorded on the invite and the
 * timeline; `gone` means it was no longer queued when its turn came (sent or ended
 * elsewhere: an earlier attempt, a cancel, an email change); `held` is a temporary
 * failure on a try that is not the last, so the invite stays queued for the next one.
 */
export type DeliveryOutcome =
  | { inviteId: string; kind: 'sent'; at: Date }
  | { inviteId: string; kind: 'failed'; at: Date; reason: string }
  | { inviteId: string; kind: 'abandoned'; at: Date; reason: string }
  | { inviteId: string; kind: 'gone' }
  | { inviteId: string; kind: 'held'; error: MailSendError };

export interface DeliveryOptions {
  /** Only invites of this yard (a batch knows it; a queue job carries the invite's id alone). */
  yardId?: string;
  /** Messages handed to the mail server at once: at most this many can go twice after a crash. */
  concurrency?: number;
  /** On the last try a temporary failure is recorded as failed instead of held. */
  lastAttempt?: boolean;
  /** Runs before each invite is taken (a batch renews its lease here); throwing stops the delivery. */
  beforeEach?: () => Promise<void>;
  /** Checked before each invite is taken: true stops taking more (the process is shutting down). */
  shouldStop?: () => boolean;
  /**
   * The caller refreshes the customers' filter flags of the invites sent (a bulk batch, when
   * it settles its rows): the "sent" marks leave the customer rows alone (0030).
   */
  deferFilters?: boolean;
}

/**
 * Sends queued invites, one (a queue job) or a chunk (a bulk batch), the same way: the
 * account check, a token issued at send time (hashed, never in a queue), the yard's
 * wording, the mail server's answer classified, the outcome recorded as soon as it comes.
 * The 24 hours start when the mail server accepts the message. After the first temporary
 * failure no further invite is taken: the server is down for the others too.
 */
export function createInviteDelivery(deps: Pick<AppDeps, 'database' | 'clock' | 'config' | 'mailer'>) {
  const repo = inviteDeliveryRepo(deps.database.db);
  const templates = inviteTemplatesRepo(deps.database.db);
  const links = inviteLinksRepo(deps.database.db);

  /**
   * What sending `inviteIds` needs before the first message: the invites still queued with
   * what their email is made from, who has an account by now, the yards' wording, and the
   * tokens, issued. A bulk batch prepares its next chunk while the current one is sent, so
   * that these round trips do not stop the mail between chunks (drive-batch.ts). Each mark
   * still checks that its invite is queued (a cancelled or superseded one is not marked);
   * who has an account is as read here, up to a chunk (about half a second) before the
   * send: a customer who joins in that moment can still get the invite, whose link then
   * answers that it was used and asks them to sign in.
   */
  async function prepareDelivery(
    inviteIds: string[],
    opts: Pick<DeliveryOptions, 'yardId'> = {},
  ): Promise<PreparedDelivery> {
    const ready = new Map((await repo.queuedForDelivery(inviteIds, opts.yardId)).map((r) => [r.id, r]));
    const rows = [...ready.values()];
    const yardIds = [...new Set(rows.map((r) => r.yard_id))];
    const [joined, wording] = rows.length
      ? await Promise.all([
          repo.customersWithAccount(
            yardIds,
            rows.map((r) => r.customer_id),
          ),
          // The yard's own wording when it saved one (invite-template.ts), else the default.
          Promise.all(yardIds.map(async (y) => [y, await templates.get(y)] as const)),
        ])
      : [new Set<string>(), []];
    const templateOf = new Map<string, InviteTemplateInput | null>(wording);
    const tokens = new Map(
      rows.filter((r) => !joined.has(r.customer_id)).map((r) => [r.id, newToken()] as const),
    );
    // Only still-queued invites get one, and each counts as a delivery attempt.
    const issued = await links.issueTokens(
      [...tokens].map(([inviteId, token]) => ({
        id: inviteId,
        yardId: (ready.get(inviteId) as (typeof rows)[number]).yard_id,
        hash: hashToken(token),
      })),
      deps.clock.now(),
    );
    return { inviteIds, ready, joined, templateOf, tokens, issued };
  }

  async function deliverInvites(
    inviteIds: string[],
    opts: DeliveryOptions & { prepared?: PreparedDelivery | null } = {},
  ): Promise<DeliveryOutcome[]> {
    if (!inviteIds.length) return [];
    // Prepared for exactly these invites, or prepared now.
    const same = opts.prepared && opts.prepared.inviteIds.join() === inviteIds.join();
    const { ready, joined, templateOf, tokens, issued } = same
      ? (opts.prepared as PreparedDelivery)
      : await prepareDelivery(inviteIds, opts);
    const marks = markWriter((m: Parameters<typeof repo.markSent>[0]) =>
      repo.markSent(m, { deferFilters: opts.deferFilters }),
    );

    async function deliverOne(inviteId: string): Promise<DeliveryOutcome> {
      const invite = ready.get(inviteId);
      if (!invite) return { inviteId, kind: 'gone' };
      const yardId = invite.yard_id;
      if (joined.has(invite.customer_id)) {
        const at = deps.clock.now();
        const recorded = await repo.markFailed({ yardId, inviteId, now: at, reason: ALREADY_IN_PORTAL });
        return recorded
          ? { inviteId, kind: 'abandoned', at, reason: ALREADY_IN_PORTAL }
          : { inviteId, kind: 'gone' };
      }
      const token = tokens.get(inviteId);
      if (!token || !issued.has(inviteId)) return { inviteId, kind: 'gone' };
      const { mail, expiryDays } = composeInviteMail(invite, token, templateOf.get(yardId) ?? null, {
        publicUrl: deps.config.publicUrl,
        defaultExpiryDays: deps.config.inviteExpiryDays,
        now: deps.clock.now(),
      });
      try {
        await deps.mailer.send(mail);
      } catch (err) {
        const failure = err instanceof MailSendError ? err : new MailSendError(false, String(err));
        if (!failure.permanent && !opts.lastAttempt) return { inviteId, kind: 'held', error: failure };
        const at = deps.clock.now();
        const recorded = await repo.markFailed({ yardId, inviteId, now: at, reason: failure.serverReason });
        return recorded
          ? { inviteId, kind: 'failed', at, reason: failure.serverReason }
          : { inviteId, kind: 'gone' };
      }
      const at = deps.clock.now();
      const recorded = await marks.add({
        yardId,
        inviteId,
        now: at,
        expiresAt: new Date(at.getTime() + expiryDays * DAY),
      });
      return recorded ? { inviteId, kind: 'sent', at } : { inviteId, kind: 'gone' };
    }

    const outcomes: DeliveryOutcome[] = [];
    let next = 0;
    let halted = false;
    const lane = async () => {
      while (next < inviteIds.length && !halted && !opts.shouldStop?.()) {
        const inviteId = inviteIds[next++];
        try {
          await opts.beforeEach?.();
          const outcome = await deliverOne(inviteId);
          outcomes.push(outcome);
          if (outcome.kind === 'held') halted = true;
        } catch (err) {
          halted = true;
          throw err;
        }
      }
    };
    const lanes = Math.max(1, Math.min(opts.concurrency ?? 1, inviteIds.length));
    // Every lane ends before this returns or throws: nothing is left sending behind the caller.
    const ended = await Promise.allSettled(Array.from({ length: lanes }, lane));
    const failed = ended.find((e) => e.status === 'rejected');
    if (failed) throw failed.reason;
    return outcomes;
  }

  /** Ends a queued invite as failed, with the reason on the customer's timeline. */
  async function abandonInvite(inviteId: string, reason: string) {
    return repo.markFailed({ inviteId, now: deps.clock.now(), reason });
  }

  return { prepareDelivery, deliverInvites, abandonInvite };
}

export type InviteDelivery = ReturnType<typeof createInviteDelivery>;
/** What `prepareDelivery` answers: handed to `deliverInvites` for the same invites. */
export interface PreparedDelivery {
  inviteIds: string[];
  ready: Map<string, Awaited<ReturnType<InviteDeliveryRepo['queuedForDelivery']>>[number]>;
  joined: Set<string | null>;
  templateOf: Map<string, InviteTemplateInput | null>;
  tokens: Map<string, string>;
  issued: Set<string | null>;
}

/**
 * Writes "sent" marks as they come, one statement at a time: a mark that arrives while one
 * is being written waits for it and goes with the others that arrived meanwhile. Each lane
 * waits for its own mark before taking its next invite, so the messages accepted and not
 * yet recorded stay at most the lanes (`concurrency`), however the marks are grouped.
 */
export function markWriter<M extends { inviteId: string }>(write: (marks: M[]) => Promise<Set<string>>) {
  let waiting: { mark: M; done: (recorded: boolean) => void; fail: (err: unknown) => void }[] = [];
  let writing = false;
  async function flush() {
    writing = true;
    while (waiting.length) {
      const group = waiting;
      waiting = [];
      try {
        const recorded = await write(group.map((w) => w.mark));
        for (const w of group) w.done(recorded.has(w.mark.inviteId));
      } catch (err) {
        for (const w of group) w.fail(err);
      }
    }
    writing = false;
  }
  return {
    /** True once the invite is recorded sent; false when it was no longer queued. */
    add: (mark: M) =>
      new Promise<boolean>((done, fail) => {
        waiting.push({ mark, done, fail });
        if (!writing) void flush();
      }),
  };
}
