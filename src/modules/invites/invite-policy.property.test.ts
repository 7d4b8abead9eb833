import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { inviteLinkIn } from '../../../test/support/smtp-sink.js';
import type { Yard } from '../../db/schema.js';
import { HOUR } from '../../server/clock.js';
import { AppError } from '../../server/errors.js';
import { INVITE_INTERVAL_MS } from './invite-policy.js';

/**
 * The invite rules (docs/invites.md) over random interleavings of invite, send, fail,
 * accept, the clock moving on and an email change, through the real service and database:
 * the 24-hour rule, at most one live link, an accepted invite is never used again, an email
 * change voids live links. FUZZ_SEED picks another seed.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_204);
const PASSWORD = 'lantern harbor pelican sunrise';

type Op =
  | { kind: 'invite' }
  | { kind: 'send' }
  | { kind: 'fail' }
  | { kind: 'accept'; pick: number }
  | { kind: 'wait'; hours: number }
  | { kind: 'emailChange' };

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'invite' as const }) },
  { weight: 4, arbitrary: fc.constant({ kind: 'send' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'fail' as const }) },
  { weight: 2, arbitrary: fc.nat(5).map((pick) => ({ kind: 'accept' as const, pick })) },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom(1, 12, 23, 24, 25, 7 * 24 + 1)
      .map((hours) => ({ kind: 'wait' as const, hours })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'emailChange' as const }) },
);

/** The browser the customer accepts from, as the route passes it (address and log). */
const BROWSER = { client: '127.0.0.1', log: { info() {}, warn() {} } };

describeEachEngine('invite policy over random interleavings', (db) => {
  let h: Harness;
  let yard: Yard;
  let staffEmail: string;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
    const y = await makeYard(db().db);
    yard = y.yard;
    staffEmail = y.staff.email;
  });
  afterAll(() => h.close());

  const invitesOf = (customerId: string) =>
    db()
      .db.selectFrom('invites')
      .selectAll()
      .where('customer_id', '=', customerId)
      .orderBy('created_at')
      .execute();
  const codeOf = (err: unknown) => (err instanceof AppError ? err.code : `thrown: ${(err as Error).stack}`);

  it('the 24-hour rule, one live link, single use, and an email change voids links', async () => {
    let sequences = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 4, maxLength: 14 }), async (ops) => {
        sequences++;
        const customer = await makeCustomer(db().db, yard.id);
        let email = customer.email!;
        let mailsSeen = h.sink.mailTo(email).length;
        const tokens: { token: string; inviteId: string }[] = [];
        let accepted: string | null = null;
        for (const o of ops) {
          // A second between steps, so every row's times say which came first.
          h.clock.advance(1000);
          const now = h.clock.now();
          const rows = await invitesOf(customer.id);
          const queued = rows.find((r) => r.status === 'queued');
          if (o.kind === 'invite') {
            const lastSent = rows.filter((r) => r.sent_at).at(-1)?.sent_at ?? null;
            const allowed =
              !accepted && !queued && !(lastSent && lastSent.getTime() + INVITE_INTERVAL_MS > now.getTime());
            const got = await h.invites.sendInvite(yard.id, customer.id, null).then(
              () => 'ok',
              (err: unknown) => codeOf(err),
            );
            expect(got, `invite at ${now.toISOString()}, last sent ${lastSent?.toISOString()}`).toBe(
              allowed ? 'ok' : accepted ? 'ALREADY_IN_PORTAL' : 'INVITE_TOO_SOON',
            );
          } else if (o.kind === 'send' && queued) {
            const r = await h.invites.deliverInvite({ inviteId: queued.id }, { isLast: true });
            if (r.outcome === 'sent') {
              const mails = await h.sink.waitForMail(email, mailsSeen + 1);
              mailsSeen = mails.length;
              tokens.push({ token: inviteLinkIn(mails.at(-1)!).split('/accept/')[1], inviteId: queued.id });
            }
          } else if (o.kind === 'fail' && queued) {
            await h.invites.abandonInvite({ inviteId: queued.id }, 'The mail server refused the address.');
          } else if (o.kind === 'accept' && tokens.length > 0) {
            const t = tokens[Math.max(0, tokens.length - 1 - o.pick)];
            const row = rows.find((r) => r.id === t.inviteId)!;
            const live = !accepted && row.status === 'sent' && !row.consumed_at && row.expires_at! > now;
            const got = await h.invites.acceptInvite(yard, t.token, PASSWORD, PASSWORD, BROWSER).then(
              () => 'ok',
              (err: unknown) => codeOf(err),
            );
            expect(got === 'ok', `accept ${t.inviteId} (${row.status}, live ${live}): ${got}`).toBe(live);
            if (got === 'ok') {
              accepted = t.inviteId;
              // Never twice: the same link again is refused.
              const again = await h.invites
                .acceptInvite(yard, t.token, PASSWORD, PASSWORD, BROWSER)
                .catch(codeOf);
              expect(again).toBe('INVITE_USED');
            }
          } else if (o.kind === 'wait') {
            h.clock.advance(o.hours * HOUR);
          } else if (o.kind === 'emailChange') {
            email = `moved-${tokens.length}-${Date.now()}@example.com`;
            // Signed in afresh: the clock may have moved past a session's idle time.
            const staff = h.agent();
            await staff.signInStaff(staffEmail, STAFF_PASSWORD);
            const res = await staff.patch(`/api/staff/customers/${customer.id}`, { email });
            expect(res.statusCode, res.body).toBe(200);
            mailsSeen = 0;
            // Every link sent before the change is void, whatever state it was in.
            for (const t of tokens) {
              const got = await h.invites.lookupInvite(yard, t.token).then(
                () => 'ok',
                (err: unknown) => codeOf(err),
              );
              expect(got, `link of ${t.inviteId} after the email changed`).not.toBe('ok');
            }
          }

          // After every step: at most one live link, and no invite inside 24 h of a sent one.
          const after = await invitesOf(customer.id);
          const liveLinks = after.filter(
            (r) => r.status === 'sent' && !r.consumed_at && r.expires_at! > h.clock.now(),
          );
          expect(liveLinks.length, 'live links').toBeLessThanOrEqual(1);
          expect(after.filter((r) => r.status === 'queued').length, 'queued invites').toBeLessThanOrEqual(1);
          for (const a of after) {
            if (!a.sent_at) continue;
            const tooSoon = after.filter(
              (b) =>
                b.id !== a.id &&
                b.created_at > a.created_at &&
                b.created_at.getTime() < a.sent_at!.getTime() + INVITE_INTERVAL_MS,
            );
            expect(
              tooSoon.map((b) => b.id),
              `invites within 24 h of ${a.id}`,
            ).toEqual([]);
          }
          expect(after.filter((r) => r.status === 'accepted').length).toBeLessThanOrEqual(1);
        }
      }),
      { seed: SEED, numRuns: Number(process.env.INVITE_PROPERTY_RUNS ?? 30) },
    );
    console.log(`invite policy: ${sequences} sequences (seed ${SEED})`);
  }, 600_000);
});
