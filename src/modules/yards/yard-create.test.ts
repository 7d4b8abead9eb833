// Over 300 lines: the command, the link it sends and the operator route share one harness per engine.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { NEW_STAFF_PASSWORD, staffLinkFor } from '../../../test/support/staff-links.js';
import { DAY } from '../../server/clock.js';
import { queueStaffLink } from './staff-links.js';
import { parseYardCreateArgs, runYardCreate } from './yard-create-command.js';

const run = promisify(execFile);
const tag = () => randomBytes(4).toString('hex');
const OPERATOR_TOKEN = 'op-token-0123456789abcdef0123456789abcdef';

describeEachEngine('creating a yard', (db, engine) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  const count = async (table: 'yards' | 'staff_users') =>
    Number(
      (
        await db()
          .db.selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('the command creates the yard and its owner; the emailed link sets the password once, and the owner signs in', async () => {
    const t = tag();
    const email = `olive.${t}@cove.test`;
    const args = parseYardCreateArgs([
      '--name',
      `Cove Marine ${t}`,
      '--slug',
      `cove-${t}`,
      '--owner-email',
      email.toUpperCase(),
      '--owner-name',
      'Olive Ostrander',
    ]);
    if (!args.ok) throw new Error(args.problems.join(', '));
    const r = await runYardCreate(h.deps, args.input, { waitMs: 20_000 });
    expect(r.mailed).toBe(true);
    const owner = await db()
      .db.selectFrom('staff_users')
      .selectAll()
      .where('id', '=', r.owner.id)
      .executeTakeFirstOrThrow();
    expect(owner).toMatchObject({ yard_id: r.yard.id, email, role: 'owner', password_hash: null });

    const { token, mail } = await staffLinkFor(h.sink, email);
    expect(mail.parsed.subject).toBe(`Set up Cove Marine ${t} on Slipway`);
    expect(mail.parsed.text).toContain('Hi Olive,');
    // The token is not kept: only its hash.
    const link = await db()
      .db.selectFrom('staff_invites')
      .selectAll()
      .where('staff_id', '=', owner.id)
      .executeTakeFirstOrThrow();
    expect(link.token_hash).not.toContain(token);

    const agent = h.agent();
    // Opening the link (twice, as a mail scanner and then the person) changes nothing.
    for (let i = 0; i < 2; i++) {
      const look = await agent.get(`/api/staff/invite/${token}`);
      expect(look.statusCode).toBe(200);
      expect(look.json()).toMatchObject({
        state: 'valid',
        email,
        name: 'Olive Ostrander',
        yard: { slug: `cove-${t}`, name: `Cove Marine ${t}` },
      });
    }

    // Context words are refused, also inside a phrase: the yard's name, the person's name, the product's.
    for (const [weak, word] of [
      [`Cove Marine ${t}`, null],
      ['copper cove anchor tulip', 'cove'],
      ['Olive Ostrander 2026', 'olive'],
      ['the ostrander family sails at dawn', 'ostrander'],
      ['copper anchor slipway tulip', 'slipway'],
      ['short', null],
    ] as const) {
      const res = await agent.post(`/api/staff/invite/${token}`, { password: weak, confirmPassword: weak });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'WEAK_PASSWORD', details: { field: 'password' } });
      if (word) expect(res.json().message).toContain(`contains "${word}"`);
    }
    const accepted = await agent.post(`/api/staff/invite/${token}`, {
      password: NEW_STAFF_PASSWORD,
      confirmPassword: NEW_STAFF_PASSWORD,
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ staff: { email, role: 'owner' }, yard: { id: r.yard.id } });
    // Signed in at once.
    expect((await agent.get('/api/staff/users')).statusCode).toBe(200);

    // Single use.
    const again = await h.agent().post(`/api/staff/invite/${token}`, {
      password: 'another long passphrase here',
      confirmPassword: 'another long passphrase here',
    });
    expect(again.statusCode).toBe(410);
    expect(again.json().code).toBe('INVITE_USED');
    expect((await h.agent().get(`/api/staff/invite/${token}`)).json()).toEqual({ state: 'used' });

    const fresh = h.agent();
    await fresh.signInStaff(email, NEW_STAFF_PASSWORD);
    expect((await fresh.get('/api/staff/me')).json()).toMatchObject({ staff: { role: 'owner' } });

    const audit = await db()
      .db.selectFrom('audit_log')
      .selectAll()
      .where('yard_id', '=', r.yard.id)
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          entity: 'staff',
          entity_id: owner.id,
          action: 'created',
          actor_kind: 'system',
        }),
        expect.objectContaining({
          entity: 'staff',
          entity_id: owner.id,
          action: 'password_set',
          actor_kind: 'staff',
          actor_staff_id: owner.id,
        }),
      ]),
    );
  });

  it('a slug or owner email already in use is refused with a clear error, and nothing is written', async () => {
    const { yard, staff } = await makeYard(db().db);
    const before = [await count('yards'), await count('staff_users')];
    const base = { name: 'Another Yard', slug: `another-${tag()}`, ownerEmail: `new.${tag()}@x.test` };
    await expect(runYardCreate(h.deps, { ...base, slug: yard.slug }, { waitMs: 0 })).rejects.toMatchObject({
      code: 'YARD_SLUG_TAKEN',
      message: expect.stringContaining(yard.slug),
    });
    await expect(
      runYardCreate(h.deps, { ...base, ownerEmail: staff.email.toUpperCase() }, { waitMs: 0 }),
    ).rejects.toMatchObject({ code: 'STAFF_EMAIL_TAKEN' });
    expect([await count('yards'), await count('staff_users')]).toEqual(before);
  });

  it('the command line names every bad or missing option', () => {
    const r = parseYardCreateArgs(['--slug', 'Not A Slug', '--owner-email', 'nobody']);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems).toEqual([
      '--name is required',
      expect.stringMatching(/^--slug: .*lower-case/),
      expect.stringMatching(/^--owner-email: .*email address/),
    ]);
    expect(parseYardCreateArgs(['--colour', 'red'])).toMatchObject({ ok: false });
  });

  it('an expired link is refused; a newer link replaces the older one', async () => {
    const t = tag();
    const email = `exp.${t}@cove.test`;
    const r = await runYardCreate(
      h.deps,
      { name: `Exp ${t}`, slug: `exp-${t}`, ownerEmail: email },
      { waitMs: 20_000 },
    );
    const first = await staffLinkFor(h.sink, email);

    // A second link (as the owner's "resend" does) supersedes the first.
    await h.deps.database.db.transaction().execute(async (trx) => {
      await queueStaffLink(h.deps, trx, { yardId: r.yard.id, staffId: r.owner.id, now: h.clock.now() });
    });
    const second = await staffLinkFor(h.sink, email, 2);
    expect((await h.agent().get(`/api/staff/invite/${first.token}`)).json()).toEqual({ state: 'superseded' });
    const old = await h.agent().post(`/api/staff/invite/${first.token}`, {
      password: NEW_STAFF_PASSWORD,
      confirmPassword: NEW_STAFF_PASSWORD,
    });
    expect(old.statusCode).toBe(410);
    expect(old.json().code).toBe('INVITE_SUPERSEDED');

    h.clock.advance(7 * DAY + 1000);
    try {
      expect((await h.agent().get(`/api/staff/invite/${second.token}`)).json()).toEqual({ state: 'expired' });
      const late = await h.agent().post(`/api/staff/invite/${second.token}`, {
        password: NEW_STAFF_PASSWORD,
        confirmPassword: NEW_STAFF_PASSWORD,
      });
      expect(late.statusCode).toBe(410);
      expect(late.json().code).toBe('INVITE_EXPIRED');
    } finally {
      h.clock.advance(-(7 * DAY + 1000));
    }
    expect((await h.agent().get('/api/staff/invite/not-a-token')).json()).toEqual({ state: 'unknown' });
    expect((await h.agent().get(`/api/staff/invite/${'A'.repeat(43)}`)).json()).toEqual({ state: 'unknown' });
  });

  describe('the operator route', () => {
    it('is off by default: 404, nothing created', async () => {
      const before = await count('yards');
      const res = await h
        .agent()
        .post(
          '/api/operator/yards',
          { name: 'Sneaky', slug: `sneaky-${tag()}`, ownerEmail: `s.${tag()}@x.test` },
          { csrf: false, headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } },
        );
      expect(res.statusCode).toBe(404);
      expect(await count('yards')).toBe(before);
    });

    it('with OPERATOR_TOKEN set: a missing or wrong token is 401, the right one creates the yard and mails the owner', async () => {
      // No worker of its own: the suite's harness sends the mail, into its sink.
      const op = await startHarness(db(), { env: { OPERATOR_TOKEN }, worker: false });
      try {
        const t = tag();
        const body = { name: `Op Yard ${t}`, slug: `op-${t}`, ownerEmail: `op.${t}@x.test` };
        const before = await count('yards');
        for (const authorization of [undefined, `Bearer ${OPERATOR_TOKEN}x`, OPERATOR_TOKEN, 'Bearer ']) {
          const res = await op.agent().post('/api/operator/yards', body, {
            csrf: false,
            headers: authorization ? { authorization } : {},
          });
          expect(res.statusCode).toBe(401);
          expect(res.json().code).toBe('OPERATOR_TOKEN_INVALID');
        }
        expect(await count('yards')).toBe(before);

        const auth = { csrf: false, headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } };
        const bad = await op.agent().post('/api/operator/yards', { ...body, slug: 'X' }, auth);
        expect(bad.statusCode).toBe(422);
        expect(bad.json().details.fields.slug).toMatch(/lower-case/);

        const res = await op.agent().post('/api/operator/yards', body, auth);
        expect(res.statusCode).toBe(201);
        expect(res.json()).toMatchObject({
          yard: { slug: body.slug, name: body.name },
          owner: { email: body.ownerEmail },
        });
        const { token } = await staffLinkFor(h.sink, body.ownerEmail);
        expect((await op.agent().get(`/api/staff/invite/${token}`)).json()).toMatchObject({ state: 'valid' });

        const dup = await op.agent().post('/api/operator/yards', body, auth);
        expect(dup.statusCode).toBe(409);
        expect(dup.json().code).toBe('YARD_SLUG_TAKEN');
      } finally {
        await op.close();
      }
    });

    it('is rate-limited per client address', async () => {
      const op = await startHarness(db(), { env: { OPERATOR_TOKEN }, worker: false });
      try {
        const agent = op.agent({ remoteAddress: `10.9.${Math.floor(Math.random() * 250)}.7` });
        const codes: number[] = [];
        for (let i = 0; i < 21; i++) {
          const res = await agent.post(
            '/api/operator/yards',
            {},
            { csrf: false, headers: { authorization: 'Bearer wrong' } },
          );
          codes.push(res.statusCode);
        }
        expect(codes.slice(0, 20).every((c) => c === 401)).toBe(true);
        expect(codes[20]).toBe(429);
      } finally {
        await op.close();
      }
    });
  });

  // The real command, as an operator types it, against this test's PostgreSQL database.
  it.skipIf(engine === 'pglite')(
    '`slipway yard create` as a process: the owner receives the email',
    async () => {
      const t = tag();
      const email = `cli.${t}@cove.test`;
      const { stdout } = await run(
        'npx',
        [
          'tsx',
          'src/cli.ts',
          'yard',
          'create',
          '--name',
          `Cli Yard ${t}`,
          '--slug',
          `cli-${t}`,
          '--owner-email',
          email,
        ],
        {
          env: {
            ...process.env,
            DATABASE_URL: db().connectionString,
            SMTP_URL: h.sink.url,
            PUBLIC_URL: 'https://portal.slipway.test',
            LOG_LEVEL: 'silent',
          },
          timeout: 90_000,
        },
      );
      expect(stdout).toContain(`Created the yard "Cli Yard ${t}" (cli-${t})`);
      expect(stdout).toContain(`An email with a link to pick a password went to ${email}`);
      const { link, token } = await staffLinkFor(h.sink, email);
      expect(link).toBe(`https://portal.slipway.test/app/welcome/${token}`);
      expect((await h.agent().get(`/api/staff/invite/${token}`)).json()).toMatchObject({
        state: 'valid',
        email,
      });
    },
    120_000,
  );
});
