import type { Yard } from '../../db/schema.js';
import { AppError } from '../../server/errors.js';

/** What the invite link's pages and the staff decision answer when they say no (docs/invites.md). */

/** Why the staff decision refused the invite, as the office reads it in the activity. */
export function refusalReason(err: unknown): string {
  if (!(err instanceof AppError)) return 'an invite for this customer is being sent right now';
  switch (err.code) {
    case 'INVITE_TOO_SOON':
      return (err.details as { nextInviteAt?: string | null } | undefined)?.nextInviteAt
        ? 'an invite was sent less than 24 hours ago'
        : 'an invite for this customer is being sent right now';
    case 'ALREADY_IN_PORTAL':
      return 'they already have a portal account';
    case 'CUSTOMER_ARCHIVED':
      return 'the customer is archived';
    default:
      return err.message;
  }
}

/** The address signs in for another customer's record: one sign-in per address and yard. */
export const accountTaken = (yard: Yard, email: string) =>
  new AppError(
    'ACCOUNT_EXISTS',
    `${email} already signs in to ${yard.name} for another customer's account, so it cannot open a second one. Ask ${yard.name} to put a different email address on this account and send a new invite.`,
  );

export const linkProblem = {
  unknown: () =>
    new AppError('INVITE_UNKNOWN', 'We do not recognise this invite link. Ask the yard for a new one below.'),
  used: () =>
    new AppError(
      'INVITE_USED',
      'This invite link has already been used. Sign in with your email and password.',
    ),
  expired: () =>
    new AppError('INVITE_EXPIRED', 'This invite link has expired. Ask the yard for a new one below.'),
  superseded: () =>
    new AppError(
      'INVITE_SUPERSEDED',
      'This invite link was replaced by a newer one. Use the link in the most recent email, or ask for a new one below.',
    ),
};
