import type { InviteStatus } from '../../db/schema.js';
import { HOUR } from '../../server/clock.js';
import type { InviteButton, PortalState } from '../../shared/api-types.js';

/** The article: "You can only send an invite to a customer once every 24 hours." */
export const INVITE_INTERVAL_MS = 24 * HOUR;

export interface InviteFacts {
  email: string | null;
  account: { activatedAt: Date; loginEmail: string } | null;
  /** True while an invite is waiting for the mail server to accept it. */
  hasQueued: boolean;
  /** When the mail server last accepted an invite for this customer: the 24 hours start here. */
  lastSentAt: Date | null;
  latest: {
    status: InviteStatus;
    createdAt: Date;
    sentAt: Date | null;
    expiresAt: Date | null;
    failureReason: string | null;
  } | null;
}

export interface InviteDecision {
  button: InviteButton;
  nextInviteAt: Date | null;
  reason: string | null;
}

/**
 * The three states of the Invite to Portal button, decided from facts only. An invite
 * that never reached the mail server (failed, or revoked while queued) does not count
 * towards the 24 hours, so a corrected re-send is possible at once.
 */
export function decideInvite(f: InviteFacts, now: Date): InviteDecision {
  if (f.account)
    return { button: 'in_portal', nextInviteAt: null, reason: 'This customer already has a portal account.' };
  if (f.hasQueued) {
    return {
      button: 'wait',
      nextInviteAt: null,
      reason: 'The invite email is on its way to the mail server.',
    };
  }
  if (f.lastSentAt) {
    const next = new Date(f.lastSentAt.getTime() + INVITE_INTERVAL_MS);
    if (next > now) {
      return { button: 'wait', nextInviteAt: next, reason: 'An invite can be sent once every 24 hours.' };
    }
  }
  if (!f.email) {
    return {
      button: 'no_email',
      nextInviteAt: null,
      reason: 'This customer has no email address on file. Add one to invite them to the portal.',
    };
  }
  return { button: 'invite', nextInviteAt: null, reason: null };
}

export function portalState(f: InviteFacts, now: Date): PortalState {
  const d = decideInvite(f, now);
  return {
    button: d.button,
    email: f.email,
    nextInviteAt: d.nextInviteAt?.toISOString() ?? null,
    reason: d.reason,
    lastInvite: f.latest
      ? {
          status: f.latest.status,
          createdAt: f.latest.createdAt.toISOString(),
          sentAt: f.latest.sentAt?.toISOString() ?? null,
          expiresAt: f.latest.expiresAt?.toISOString() ?? null,
          failureReason: f.latest.failureReason,
        }
      : null,
    account: f.account
      ? { activatedAt: f.account.activatedAt.toISOString(), loginEmail: f.account.loginEmail }
      : null,
  };
}
