import { render, type YardLine } from '../accounts/account-email.js';
import type { GrantRole } from './portal-ability.js';

const WHAT: Record<GrantRole, string> = {
  view: 'see',
  approve: 'see and approve estimates for',
  pay: 'see, approve estimates for and pay the invoices of',
};

/** The invitation a grantee gets: who invited them, to what, with which role, and the link. */
export function renderAccessInviteEmail(
  d: YardLine & {
    name: string;
    ownerName: string;
    role: GrantRole;
    boatName: string | null;
    link: string;
    validDays: number;
  },
) {
  const first = d.name.split(/\s+/)[0] ?? '';
  const boats = d.boatName ? `the boat ${d.boatName}` : 'their boats';
  return render(
    d,
    `${d.ownerName} shared ${d.boatName ?? 'their boats'} with you at ${d.yardName}`,
    first ? `Hi ${first},` : 'Hello,',
    [
      `${d.ownerName} invited you to ${WHAT[d.role]} ${boats} in the ${d.yardName} customer portal: the yard status, orders, estimates and invoices.`,
      'Open the link to choose a password (or sign in, if you already use this portal).',
    ],
    {
      label: 'Accept the invitation',
      link: d.link,
      after: [
        `The link works for ${d.validDays} days and only once. If you were not expecting this, ignore this email.`,
      ],
    },
  );
}
