import { Link } from '@tanstack/react-router';
import type { InviteProblem } from './portal-api';
import { PortalFrame, useYard } from './portal-frame';
import { portalLinks } from './portal-links';
import { RequestLinkForm } from './request-link-form';

const COPY: Record<InviteProblem, { title: string; text: (yard: string) => string }> = {
  INVITE_EXPIRED: {
    title: 'This invite link has expired',
    text: (yard) =>
      `For your security, invite links only work for a limited time. Ask ${yard} for a new one below.`,
  },
  INVITE_USED: {
    title: 'This invite link has already been used',
    text: () => 'Your portal account is already set up, so there is nothing more to do with this link.',
  },
  INVITE_SUPERSEDED: {
    title: 'This link was replaced by a newer invite',
    text: (yard) =>
      `${yard} sent you a newer invite, so this one no longer works. Use the link in the most recent email, or ask for a new one below.`,
  },
  INVITE_UNKNOWN: {
    title: 'We don’t recognise this link',
    text: () =>
      'The link may be incomplete — some email apps break long links. Open it again from the email, or ask for a new one below.',
  },
};

/** The friendly page for an invite link that no longer works; never a raw error. */
export function InviteProblemPage({ yard, code }: { yard: string; code: InviteProblem }) {
  const summary = useYard(yard);
  const yardName = summary?.name ?? 'the yard';
  const copy = COPY[code];
  return (
    <PortalFrame yardName={summary?.name ?? null}>
      <h1>{copy.title}</h1>
      <p className="muted">{copy.text(yardName)}</p>
      {code === 'INVITE_USED' && (
        <p>
          <Link {...portalLinks.signIn(yard)} className="btn btn-primary">
            Sign in instead
          </Link>
        </p>
      )}
      <hr className="divider" />
      <RequestLinkForm yard={yard} yardName={yardName} />
    </PortalFrame>
  );
}
