import { render, type YardLine } from '../accounts/account-email.js';

const ROLE_WORDS: Record<string, string> = {
  owner: 'an owner (everything, including staff users and settings)',
  office: 'office staff (customers, boats, orders, money and invites)',
  technician: 'a technician (the orders assigned to you)',
  viewer: 'a viewer (read-only)',
};

/** The email with a staff member's link to pick a password: a new yard's owner, or an invited colleague. */
export function renderStaffLinkEmail(
  d: YardLine & {
    name: string;
    role: string;
    invitedBy: string | null;
    link: string;
    validDays: number;
  },
) {
  const first = d.name.trim().split(/\s+/)[0];
  const opening = d.invitedBy
    ? `${d.invitedBy} invited you to ${d.yardName} on Slipway as ${ROLE_WORDS[d.role] ?? d.role}.`
    : `${d.yardName} is set up on Slipway, and you are its owner. Pick a password to open the dashboard, then invite your staff and fill in the yard's settings.`;
  return render(
    d,
    d.invitedBy ? `You are invited to ${d.yardName} on Slipway` : `Set up ${d.yardName} on Slipway`,
    first ? `Hi ${first},` : 'Hello,',
    [opening, 'To pick your password, open this link:'],
    {
      label: 'Pick your password',
      link: d.link,
      after: [
        `The link works once and for ${d.validDays} days. You sign in with this email address afterwards.`,
        'If you did not expect this, you can ignore this email.',
      ],
    },
  );
}
