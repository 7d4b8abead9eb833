import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness, TEST_PUBLIC_URL } from '../../../test/support/harness.js';
import { inviteSettled } from '../../../test/support/invites.js';
import { inviteLinkIn } from '../../../test/support/smtp-sink.js';

describeEachEngine('the invite email template, end to end through the mail server', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  it("sends the yard's saved wording, with the customer's name escaped in the HTML and a working link", async () => {
    const { yard, staff } = await makeYard(db().db, 'Harbor Point Marine');
    const agent = h.agent();
    await agent.signInStaff(staff.email, STAFF_PASSWORD);
    const c = await makeCustomer(db().db, yard.id, { first_name: '<b>Ann</b>', last_name: 'Lee' });
    const saved = await agent.put('/api/staff/invite-template', {
      subject: 'Come aboard, {customer_name}',
      greeting: 'Ahoy {customer_first_name}!',
      body: 'Your slip at {yard_name} comes with a portal now.\n\n{portal_link}\n\nThe link expires on {link_expiry_date}.',
    });
    expect(saved.statusCode, saved.body).toBe(200);

    const res = await agent.post(`/api/staff/customers/${c.id}/invites`);
    expect(res.statusCode, res.body).toBe(201);
    const [mail] = await h.sink.waitForMail(c.email!);
    await inviteSettled(db().db, c.id);

    expect(mail.parsed.subject).toBe('Come aboard, <b>Ann</b> Lee');
    expect(mail.parsed.text).toContain('Ahoy <b>Ann</b>!');
    expect(mail.parsed.text).toContain(`Your slip at ${yard.name} comes with a portal now.`);
    expect(mail.parsed.text).not.toContain('invited you to their customer portal');
    expect(mail.parsed.html).toContain('Ahoy &lt;b&gt;Ann&lt;/b&gt;!');
    expect(mail.parsed.html).not.toContain('<b>Ann');
    expect(mail.parsed.html).toContain('>Pick your password</a>');
    const link = inviteLinkIn(mail);
    expect(link.startsWith(`${TEST_PUBLIC_URL}/portal/${yard.slug}/accept/`)).toBe(true);
    const look = await h
      .agent()
      .post(`/api/portal/${yard.slug}/invite/lookup`, { token: link.split('/accept/')[1] });
    expect(look.statusCode, look.body).toBe(200);
  });
});
