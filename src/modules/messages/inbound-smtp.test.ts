import nodemailer from 'nodemailer';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { INBOUND_DOMAIN, postMessage } from '../../../test/support/messages.js';
import { makeOrder, signedInCustomer } from '../../../test/support/order-fixtures.js';
import { startMailCatcher } from '../mail/mail-catcher.js';
import { createInbound } from './message-inbound.js';
import { createMessages } from './messages.service.js';

/**
 * The demo's inbound path: the built-in SMTP server (mail-catcher.ts) hands mail for a reply
 * address to the messages module instead of its mailbox.
 */
describeEachEngine('replies by email through the built-in SMTP server', (db) => {
  let h: Harness;
  let catcher: { url: string; close(): Promise<void> };
  beforeAll(async () => {
    h = await startHarness(db(), { config: { inboundEmail: { domain: INBOUND_DOMAIN } } });
    const inbound = createInbound(h.deps, createMessages(h.deps));
    catcher = await startMailCatcher(db().db, 0, {
      domain: INBOUND_DOMAIN,
      receive: async (raw, rcpts) => void (await inbound.receive(raw, rcpts)),
    });
  });
  afterAll(async () => {
    await catcher.close();
    await h.close();
  });

  it('a reply sent by SMTP to the signed address lands in the thread, quote stripped; a stranger’s does not', async () => {
    const { yard, staff } = await makeYard(db().db);
    const me = await signedInCustomer(h, db().db, yard);
    const { order } = await makeOrder(db().db, yard.id, me.customer.id, { status: 'in_progress' });
    const office = h.agent();
    await office.signInStaff(staff.email, STAFF_PASSWORD);
    const sent = await postMessage(office, `/api/staff/orders/${order.id}/messages`, [
      { name: 'body', value: 'The new prop arrived. Shall we fit it?' },
    ]);
    expect(sent.statusCode, sent.body).toBe(201);
    const [mail] = await h.sink.waitForMail(me.customer.email!, 1);
    const replyTo = mail.parsed.replyTo!.value[0].address!;

    const smtp = nodemailer.createTransport({ url: catcher.url } as never);
    h.clock.advance(60_000);
    await smtp.sendMail({
      from: me.customer.email!,
      to: replyTo,
      subject: `Re: ${mail.parsed.subject}`,
      text: 'Yes please, go ahead.\n\nOn Fri, Dec 4, 2026, Yard wrote:\n> The new prop arrived. Shall we fit it?\n',
    });
    await smtp.sendMail({ from: 'someone@else.example', to: replyTo, subject: 'Re', text: 'Not me' });
    smtp.close();

    const thread = await office.get(`/api/staff/orders/${order.id}/messages`);
    expect(thread.json().messages.map((m: { body: string; via: string }) => [m.via, m.body])).toEqual([
      ['web', 'The new prop arrived. Shall we fit it?'],
      ['email', 'Yes please, go ahead.'],
    ]);
    // The mailbox keeps what the app sends, not replies to it.
    const box = await db().db.selectFrom('mailbox_messages').select('rcpt_to').execute();
    expect(box.some((m) => m.rcpt_to.includes('reply+'))).toBe(false);
  });
});
