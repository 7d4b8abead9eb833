import { describe, expect, it } from 'vitest';
import { HOUR } from '../../server/clock.js';
import { decideInvite, type InviteFacts, portalState } from './invite-policy.js';

const now = new Date('2026-06-01T12:00:00Z');
const base: InviteFacts = {
  email: 'ann@example.com',
  account: null,
  hasQueued: false,
  lastSentAt: null,
  latest: null,
};
const ago = (h: number) => new Date(now.getTime() - h * HOUR);

describe('decideInvite', () => {
  it('lets staff invite a customer with an email who has never been invited', () => {
    expect(decideInvite(base, now)).toEqual({ button: 'invite', nextInviteAt: null, reason: null });
  });

  it('keeps the button inactive for 24 hours after the mail server accepted an invite', () => {
    const d = decideInvite({ ...base, lastSentAt: ago(23.99) }, now);
    expect(d.button).toBe('wait');
    expect(d.nextInviteAt?.toISOString()).toBe(new Date(ago(23.99).getTime() + 24 * HOUR).toISOString());
  });

  it('is active again exactly 24 hours after the last invite went out', () => {
    expect(decideInvite({ ...base, lastSentAt: ago(24) }, now).button).toBe('invite');
    expect(decideInvite({ ...base, lastSentAt: ago(24) }, new Date(now.getTime() - 1)).button).toBe('wait');
  });

  it('waits while an invite is still on its way to the mail server', () => {
    const d = decideInvite({ ...base, hasQueued: true }, now);
    expect(d).toMatchObject({ button: 'wait', nextInviteAt: null });
  });

  it('does not count an invite whose sending failed: a corrected re-send is possible at once', () => {
    const latest = {
      status: 'failed' as const,
      createdAt: ago(1),
      sentAt: null,
      expiresAt: null,
      failureReason: '550 unknown user',
    };
    expect(decideInvite({ ...base, latest }, now).button).toBe('invite');
  });

  it('shows IN PORTAL once the customer has an account, whatever else is true', () => {
    const account = { activatedAt: ago(2), loginEmail: 'ann@example.com' };
    expect(decideInvite({ ...base, account, hasQueued: true, lastSentAt: ago(1) }, now).button).toBe(
      'in_portal',
    );
  });

  it('refuses a customer without an email and says why', () => {
    const d = decideInvite({ ...base, email: null }, now);
    expect(d.button).toBe('no_email');
    expect(d.reason).toMatch(/no email address/);
  });

  it('still counts the 24 hours when the email was removed after an invite', () => {
    expect(decideInvite({ ...base, email: null, lastSentAt: ago(3) }, now).button).toBe('wait');
  });
});

describe('portalState', () => {
  it('reports the latest invite and when the next one is allowed', () => {
    const latest = {
      status: 'sent' as const,
      createdAt: ago(2),
      sentAt: ago(2),
      expiresAt: ago(-166),
      failureReason: null,
    };
    const s = portalState({ ...base, lastSentAt: ago(2), latest }, now);
    expect(s.button).toBe('wait');
    expect(s.nextInviteAt).toBe(new Date(ago(2).getTime() + 24 * HOUR).toISOString());
    expect(s.lastInvite?.status).toBe('sent');
    expect(s.email).toBe('ann@example.com');
  });
});
