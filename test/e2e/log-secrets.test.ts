import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger, type Logger, logger, setLogger } from '../../src/server/logger.js';
import { describeEachEngine } from '../support/databases.js';
import { makeCustomer, makeYard, STAFF_PASSWORD } from '../support/factories.js';
import { type Harness, startHarness } from '../support/harness.js';
import { inviteSettled } from '../support/invites.js';
import { linkTokenIn } from '../support/portal-accounts.js';
import { inviteLinkIn } from '../support/smtp-sink.js';

const FIRST_PASSWORD = 'lantern pelican sunrise cobble';
const NEW_PASSWORD = 'copper anchor tulip morning';

interface LogLine {
  level: number;
  msg?: string;
  requestId?: string;
  queue?: string;
  req?: { method: string; url: string };
  [k: string]: unknown;
}

/**
 * A whole invite → accept → sign in → reset password run, logged at trace level by the web
 * server and the workers into one captured stream: the log must hold none of the secrets
 * the run used, and every line of a request must carry its request id.
 */
describeEachEngine('logs of a full account run', (db) => {
  let h: Harness;
  let text = '';
  let before: Logger;
  beforeAll(async () => {
    before = logger();
    const captured = createLogger({
      level: 'trace',
      format: 'json',
      destination: {
        write(s: string) {
          text += s;
        },
      },
    });
    setLogger(captured);
    h = await startHarness(db(), { logger: captured });
  });
  afterAll(async () => {
    await h.close();
    setLogger(before);
  });

  it('hold no token, password, cookie or session id, and tie each request and its jobs to one request id', async () => {
    const secrets = new Set<string>([STAFF_PASSWORD, FIRST_PASSWORD, NEW_PASSWORD]);
    const keep = (res: LightMyRequestResponse) => {
      for (const c of res.cookies as { value: string }[]) if (c.value) secrets.add(c.value);
      const csrf = res.headers['x-csrf-token'];
      if (typeof csrf === 'string') secrets.add(csrf);
      return res;
    };
    const { yard, staff } = await makeYard(db().db, 'Harbor Point Marine');
    const customer = await makeCustomer(db().db, yard.id, { first_name: 'Ava' });
    const office = h.agent();
    keep(await office.signInStaff(staff.email, STAFF_PASSWORD));
    secrets.add(await office.token());

    const invited = keep(await office.post(`/api/staff/customers/${customer.id}/invites`));
    expect(invited.statusCode, invited.body).toBe(201);
    const [inviteMail] = await h.sink.waitForMail(customer.email!, 1);
    await inviteSettled(db().db, customer.id);
    const inviteToken = inviteLinkIn(inviteMail).split('/accept/')[1];
    secrets.add(inviteToken);

    const ava = h.agent();
    keep(await ava.get(`/portal/${yard.slug}/accept/${inviteToken}?utm=${inviteToken}`));
    secrets.add(await ava.token());
    const looked = keep(await ava.post(`/api/portal/${yard.slug}/invite/lookup`, { token: inviteToken }));
    expect(looked.statusCode, looked.body).toBe(200);
    const accepted = keep(
      await ava.post(`/api/portal/${yard.slug}/invite/accept`, {
        token: inviteToken,
        password: FIRST_PASSWORD,
        confirmPassword: FIRST_PASSWORD,
      }),
    );
    expect(accepted.statusCode, accepted.body).toBe(200);
    keep(await ava.post(`/api/portal/${yard.slug}/sign-out`));

    const signedIn = keep(
      await ava.post(`/api/portal/${yard.slug}/sign-in`, { email: customer.email, password: FIRST_PASSWORD }),
    );
    expect(signedIn.statusCode, signedIn.body).toBe(200);
    keep(await ava.get(`/api/portal/${yard.slug}/me`));

    const forgot = keep(
      await h.agent().post(`/api/portal/${yard.slug}/password/forgot`, { email: customer.email }),
    );
    expect(forgot.statusCode, forgot.body).toBe(202);
    const mails = await h.sink.waitForMail(customer.email!, 2);
    const { token: resetToken } = linkTokenIn(mails[1], 'reset');
    secrets.add(resetToken);
    const resetter = h.agent();
    keep(await resetter.get(`/portal/${yard.slug}/reset/${resetToken}`));
    keep(await resetter.post(`/api/portal/${yard.slug}/password/reset/lookup`, { token: resetToken }));
    const reset = keep(
      await resetter.post(`/api/portal/${yard.slug}/password/reset`, {
        token: resetToken,
        password: NEW_PASSWORD,
        confirmPassword: NEW_PASSWORD,
      }),
    );
    expect(reset.statusCode, reset.body).toBe(200);
    await h.sink.waitForMail(customer.email!, 3); // "your password was changed"
    const again = keep(
      await ava.post(`/api/portal/${yard.slug}/sign-in`, { email: customer.email, password: NEW_PASSWORD }),
    );
    expect(again.statusCode, again.body).toBe(200);
    // A wrong password is logged as a refusal, never as the password.
    keep(
      await h
        .agent()
        .post(`/api/portal/${yard.slug}/sign-in`, { email: customer.email, password: `${NEW_PASSWORD}!` }),
    );

    const lines = text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LogLine);
    expect(lines.length).toBeGreaterThan(20);
    for (const secret of [...secrets].filter((s) => s.length >= 8)) {
      expect(text.includes(secret), `the log holds a secret: ${secret.slice(0, 6)}…`).toBe(false);
      expect(text.includes(encodeURIComponent(secret))).toBe(false);
    }
    expect(secrets.size).toBeGreaterThanOrEqual(10);

    // Every line a request wrote carries its id; the page with the token is logged redacted.
    const requestLines = lines.filter((l) => l.req || l.msg === 'request completed');
    // One line per request, written when it is answered (about twenty requests above).
    expect(requestLines.length).toBeGreaterThan(15);
    expect(requestLines.every((l) => l.msg === 'request completed')).toBe(true);
    for (const l of requestLines) expect(l.requestId, JSON.stringify(l)).toMatch(/^[0-9a-f-]{36}$/);
    const urls = lines.flatMap((l) => (l.req ? [l.req.url] : []));
    expect(urls).toContain(`/portal/${yard.slug}/accept/[token]`);
    expect(urls).toContain(`/portal/${yard.slug}/reset/[token]`);

    // The jobs a request enqueued log under the same request id, in the worker.
    const jobOf = (url: string, queue: string) => {
      const start = lines.find((l) => l.req?.method === 'POST' && l.req.url === url);
      expect(start, url).toBeDefined();
      const done = lines.find(
        (l) => l.queue === queue && l.msg === 'job done' && l.requestId === start?.requestId,
      );
      expect(done, `${queue} job of ${url}`).toBeDefined();
    };
    jobOf(`/api/staff/customers/${customer.id}/invites`, 'invite-email');
    jobOf(`/api/portal/${yard.slug}/password/forgot`, 'account-email');
    jobOf(`/api/portal/${yard.slug}/password/reset`, 'account-email');
  }, 60_000);
});
