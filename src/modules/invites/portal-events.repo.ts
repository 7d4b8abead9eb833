import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { TimelineEvent } from '../../shared/api-types.js';

export type PortalEventKind = TimelineEvent['kind'];

export interface NewPortalEvent {
  yardId: string;
  customerId: string;
  kind: PortalEventKind;
  at: Date;
  inviteId?: string | null;
  actorStaffId?: string | null;
  detail?: Record<string, unknown>;
}

/** The customer's portal timeline: who invited them and when, delivery, opening, acceptance. */
export function portalEventsRepo(db: Kysely<DB>) {
  return {
    add: (e: NewPortalEvent, trx: Kysely<DB> = db) =>
      trx
        .insertInto('portal_events')
        .values({
          yard_id: e.yardId,
          customer_id: e.customerId,
          invite_id: e.inviteId ?? null,
          kind: e.kind,
          actor_staff_id: e.actorStaffId ?? null,
          detail: JSON.stringify(e.detail ?? {}),
          created_at: e.at,
        })
        .execute(),

    /**
     * Whether a visitor's request already mailed this address the "you already have an
     * account" reminder since `since` (one a day per address, docs/invites.md).
     */
    remindedSince: async (trx: Kysely<DB>, yardId: string, customerId: string, email: string, since: Date) =>
      !!(await trx
        .selectFrom('portal_events')
        .select('id')
        .where('yard_id', '=', yardId)
        .where('customer_id', '=', customerId)
        .where('kind', '=', 'new_invite_requested')
        .where(sql`detail->>'outcome'`, '=', 'account_reminder_sent')
        .where(sql`lower(detail->>'email')`, '=', email.toLowerCase())
        .where('created_at', '>', since)
        .executeTakeFirst()),

    hasEvent: async (yardId: string, inviteId: string, kind: PortalEventKind) =>
      !!(await db
        .selectFrom('portal_events')
        .select('id')
        .where('yard_id', '=', yardId)
        .where('invite_id', '=', inviteId)
        .where('kind', '=', kind)
        .executeTakeFirst()),
  };
}

export function timelineSummary(
  kind: PortalEventKind,
  detail: Record<string, unknown>,
  actor: string | null,
): string {
  const email = typeof detail.email === 'string' ? detail.email : 'the customer';
  switch (kind) {
    case 'invite_queued':
      // No staff actor: the customer asked for a new link from an expired one.
      return actor
        ? `${actor} invited the customer to the portal (${email})`
        : `A new portal invite was queued at the customer's request (${email})`;
    case 'invite_sent':
      return `Invite email accepted for delivery to ${email}`;
    case 'invite_failed':
      return `Invite email to ${email} could not be delivered: ${String(detail.reason ?? 'unknown reason')}`;
    case 'invite_retrying':
      return `Mail server unavailable; retrying the invite to ${email}`;
    case 'link_opened':
      return 'Customer opened the invite link';
    case 'invite_accepted':
      return 'Customer picked a password and joined the portal';
    case 'new_invite_requested':
      return `Invite requested by the customer (${email}) from the portal${inviteRequestSuffix(detail)}`;
    case 'email_changed':
      return `${actor ?? 'Staff'} changed the email address; earlier invite links no longer work`;
    case 'signed_in':
      return detail.method === 'passkey'
        ? 'Customer signed in to the portal with a passkey'
        : 'Customer signed in to the portal';
    case 'contact_updated':
      return 'Customer updated their phone or address in the portal';
    case 'customer_email_changed':
      return `Customer confirmed a new email address (${email}); earlier invite links no longer work`;
    case 'password_reset':
      return detail.sessionsEnded
        ? 'Customer reset their password by email and signed out everywhere'
        : 'Customer reset their password by email';
    case 'password_changed':
      return 'Customer changed their password';
    case 'service_requested':
      return `Customer requested service: order #${String(detail.orderNumber ?? '?')} ${String(detail.title ?? '')}`.trim();
    case 'estimate_accepted':
      return `Customer accepted estimate #${String(detail.estimateNumber ?? '?')} (${money(detail.totalCents)}) in the portal`;
    case 'estimate_declined':
      return `Customer declined estimate #${String(detail.estimateNumber ?? '?')}${
        typeof detail.reason === 'string' && detail.reason ? `: "${detail.reason}"` : ''
      }`;
    case 'payment_received':
      return `Payment of ${money(detail.amountCents)} received for invoice #${String(detail.invoiceNumber ?? '?')}`;
    case 'reminder_sent':
      return `Reminder sent: ${String(detail.reminder ?? 'service reminder')}${
        typeof detail.boatName === 'string' ? ` (${detail.boatName})` : ''
      } to ${email}`;
  }
}

/** Cents as dollars for a timeline sentence, without floating point: 12345 → "$123.45". */
function money(cents: unknown): string {
  if (typeof cents !== 'number' || !Number.isInteger(cents)) return 'an amount';
  const abs = Math.abs(cents);
  const dollars = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${cents < 0 ? '-' : ''}$${dollars}.${String(abs % 100).padStart(2, '0')}`;
}

/** What came of a visitor's "send me a new invite link", for the timeline and the activity. */
export function inviteRequestOutcome(detail: Record<string, unknown>): string | null {
  switch (detail.outcome) {
    case 'invite_sent':
      return 'new invite sent';
    case 'refused':
      return `no invite sent, because ${typeof detail.reason === 'string' ? detail.reason : 'the invite rules did not allow one'}`;
    case 'account_reminder_sent':
      return 'already has a portal account; emailed how to sign in or reset the password';
    case 'account_reminder_skipped':
      return 'already has a portal account; already emailed how to sign in within 24 hours, so nothing was sent';
    default:
      // Recorded before the outcome was kept.
      return null;
  }
}

/** ": new invite sent", or nothing for a request recorded before outcomes were kept. */
export function inviteRequestSuffix(detail: Record<string, unknown>): string {
  const outcome = inviteRequestOutcome(detail);
  return outcome ? `: ${outcome}` : '';
}
