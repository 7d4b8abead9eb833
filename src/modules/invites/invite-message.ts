import { DAY } from '../../server/clock.js';
import { AppError } from '../../server/errors.js';
import type { InviteTemplateInput } from '../../shared/api-types.js';
import type { OutgoingMail } from '../mail/mailer.js';
import { yardLogoUrl } from '../yards/yard-summary.js';
import { renderInviteEmail } from './invite-email.js';
import type { InviteDecision } from './invite-policy.js';

/** What an invite's email is made from: the invite, its customer and its yard. */
export interface InviteForDelivery {
  email: string;
  first_name: string;
  last_name: string;
  yard_slug: string;
  yard_name: string;
  yard_email: string | null;
  yard_phone: string | null;
  invite_expiry_days: number | null;
  /** The yard's time zone: the link's expiry date is the yard's date. */
  yard_timezone?: string;
  /** Set when the yard has a logo: the email shows it. */
  yard_logo_updated_at?: Date | null;
}

/** The logo's absolute address, for mail clients that fetch it from outside. */
const logoAddress = (publicUrl: string, invite: InviteForDelivery) => {
  const path = yardLogoUrl({ slug: invite.yard_slug, logo_updated_at: invite.yard_logo_updated_at ?? null });
  return path ? `${publicUrl}${path}` : null;
};

/**
 * The invite email for one token, the same for a single invite and a bulk one: the link
 * from PUBLIC_URL, the expiry the link will get, the yard's wording (or the default).
 */
export function composeInviteMail(
  invite: InviteForDelivery,
  token: string,
  template: InviteTemplateInput | null,
  ctx: { publicUrl: string; defaultExpiryDays: number; now: Date },
): { mail: OutgoingMail; expiryDays: number } {
  const expiryDays = invite.invite_expiry_days ?? ctx.defaultExpiryDays;
  const rendered = renderInviteEmail(
    {
      yardName: invite.yard_name,
      yardEmail: invite.yard_email,
      yardPhone: invite.yard_phone,
      customerFirstName: invite.first_name,
      customerLastName: invite.last_name,
      portalLink: `${ctx.publicUrl}/portal/${invite.yard_slug}/accept/${token}`,
      expiresAt: new Date(ctx.now.getTime() + expiryDays * DAY),
      timeZone: invite.yard_timezone,
      logoUrl: logoAddress(ctx.publicUrl, invite),
    },
    template ?? undefined,
  );
  return {
    mail: { to: invite.email, fromName: invite.yard_name, replyTo: invite.yard_email, ...rendered },
    expiryDays,
  };
}

/** Why an invite cannot be sent now, as the error staff see; null when it can. */
export function inviteRefusal(decision: InviteDecision, email: string | null): AppError | null {
  if (decision.button === 'in_portal') {
    return new AppError(
      'ALREADY_IN_PORTAL',
      'This customer is already IN PORTAL; there is no need to invite them.',
    );
  }
  if (decision.button === 'wait') {
    const when = decision.nextInviteAt;
    return new AppError(
      'INVITE_TOO_SOON',
      when
        ? `An invite was sent less than 24 hours ago. You can send another after ${when.toISOString()}.`
        : 'An invite for this customer is being sent right now.',
      { nextInviteAt: when?.toISOString() ?? null },
    );
  }
  if (decision.button === 'no_email' || !email) {
    return new AppError('NO_EMAIL', decision.reason ?? 'This customer has no email address on file.');
  }
  return null;
}
