import { describe, expect, it } from 'vitest';
import { composeInviteMail, type InviteForDelivery } from './invite-message.js';

const invite: InviteForDelivery = {
  email: 'ava@example.com',
  first_name: 'Ava',
  last_name: 'Thompson',
  yard_slug: 'harbor-point',
  yard_name: 'Harbor Point <Marine>',
  yard_email: 'office@harborpoint.test',
  yard_phone: null,
  invite_expiry_days: 1,
  yard_timezone: 'Pacific/Auckland',
  yard_logo_updated_at: new Date('2026-11-02T10:00:00Z'),
};
const ctx = {
  publicUrl: 'https://portal.example.test',
  defaultExpiryDays: 14,
  now: new Date('2026-12-04T20:00:00Z'),
};

describe('the invite email and the yard', () => {
  it("shows the yard's logo from its absolute address; the plain-text part stays", () => {
    const { mail } = composeInviteMail(invite, 'token', null, ctx);
    const src = `https://portal.example.test/api/yards/harbor-point/logo?v=${invite.yard_logo_updated_at!.getTime()}`;
    expect(mail.html).toContain(`<img src="${src}" alt="Harbor Point &lt;Marine&gt;"`);
    expect(mail.text).toContain('Hi Ava');
    expect(mail.text).not.toContain('<img');
  });

  it('without a logo there is no image', () => {
    const { mail } = composeInviteMail({ ...invite, yard_logo_updated_at: null }, 'token', null, ctx);
    expect(mail.html).not.toContain('<img');
  });

  it("dates the link's expiry in the yard's time zone", () => {
    // 2026-12-05 20:00 UTC is already Sunday, December 6 in Auckland.
    const { mail } = composeInviteMail(invite, 'token', null, ctx);
    expect(mail.text).toContain('Sunday, December 6, 2026');
    const utc = composeInviteMail({ ...invite, yard_timezone: undefined }, 'token', null, ctx);
    expect(utc.mail.text).toContain('Saturday, December 5, 2026');
  });
});
