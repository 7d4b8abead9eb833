import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Agent, type Harness, startHarness } from '../../../test/support/harness.js';
import { NEW_STAFF_PASSWORD, staffLinkFor } from '../../../test/support/staff-links.js';

const tag = () => randomBytes(4).toString('hex');
const USERS = '/api/staff/users';

describeEachEngine('staff users', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db());
  });
  afterAll(() => h.close());

  async function ownerOfNewYard() {
    const { yard, staff } = await makeYard(db().db);
    const owner = h.agent();
    await owner.signInStaff(staff.email, STAFF_PASSWORD);
    return { yard, staff, owner };
  }

  /** Invites someone, follows the emailed link and picks a password: signed in as them. */
  async function inviteAndAccept(owner: Agent, role: 'owner' | 'office' | 'technician' | 'viewer') {
    const email = `${role}.${tag()}@crew.test`;
    const res = await owner.post(USERS, { name: 'Robin Keel', email, role });
    expect(res.statusCode).toBe(201);
    const { token, mail } = await staffLinkFor(h.sink, email);
    const member = h.agent();
    const accepted = await member.post(`/api/staff/invite/${token}`, {
      password: NEW_STAFF_PASSWORD,
      confirmPassword: NEW_STAFF_PASSWORD,
    });
    expect(accepted.statusCode).toBe(200);
    const id = res.json().staff.find((s: { email: string }) => s.email === email).id as string;
    return { email, id, member, mail };
  }

  const auditOf = (yardId: string, entityId: string) =>
    db()
      .db.selectFrom('audit_log')
      .select(['entity', 'action', 'actor_staff_id', 'changes'])
      .where('yard_id', '=', yardId)
      .where('entity_id', '=', entityId)
      .orderBy('at')
      .execute();

  it('the owner invites an office user, who follows the link, picks a password and works with that role', async () => {
    const { yard, staff, owner } = await ownerOfNewYard();
    const email = `Office.${tag()}@Crew.test`;
    const res = await owner.post(USERS, { name: 'Robin Keel', email, role: 'office' });
    expect(res.statusCode).toBe(201);
    const row = res.json().staff.find((s: { email: string }) => s.email === email.toLowerCase());
    expect(row).toMatchObject({ name: 'Robin Keel', role: 'office', status: 'invited', isYou: false });
    expect(row.linkExpiresAt).toBeTruthy();

    const { token, mail } = await staffLinkFor(h.sink, email.toLowerCase());
    expect(mail.parsed.subject).toBe(`You are invited to ${yard.name} on Slipway`);
    expect(mail.parsed.text).toContain(
      `${staff.name} invited you to ${yard.name} on Slipway as office staff`,
    );

    const member = h.agent();
    const accepted = await member.post(`/api/staff/invite/${token}`, {
      password: NEW_STAFF_PASSWORD,
      confirmPassword: NEW_STAFF_PASSWORD,
    });
    expect(accepted.json()).toMatchObject({ staff: { role: 'office' }, yard: { id: yard.id } });
    expect((await member.get('/api/staff/customers')).statusCode).toBe(200);
    // Staff users are the owner's: an office user is refused.
    const refused = await member.get(USERS);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('ROLE_FORBIDDEN');

    const fresh = h.agent();
    await fresh.signInStaff(email, NEW_STAFF_PASSWORD);
    expect((await fresh.get('/api/staff/me')).json()).toMatchObject({ staff: { role: 'office' } });

    const list = (await owner.get(USERS)).json().staff;
    expect(list.find((s: { id: string }) => s.id === row.id)).toMatchObject({
      status: 'active',
      linkExpiresAt: null,
    });
    expect(list.find((s: { id: string }) => s.id === staff.id)).toMatchObject({
      isYou: true,
      status: 'active',
    });
    const audit = await auditOf(yard.id, row.id);
    expect(audit).toHaveLength(2);
    expect(audit).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ entity: 'staff', action: 'invited', actor_staff_id: staff.id }),
        expect.objectContaining({ entity: 'staff', action: 'password_set', actor_staff_id: row.id }),
      ]),
    );
  });

  it('an email any staff member already uses (any case, any yard) is a 409; bad input names the field', async () => {
    const { owner } = await ownerOfNewYard();
    const other = await makeYard(db().db);
    const taken = await owner.post(USERS, {
      name: 'Copy Cat',
      email: other.staff.email.toUpperCase(),
      role: 'viewer',
    });
    expect(taken.statusCode).toBe(409);
    expect(taken.json()).toMatchObject({ code: 'STAFF_EMAIL_TAKEN', details: { field: 'email' } });

    const bad: [object, string, RegExp][] = [
      [{ name: 'A', email: 'not-an-email', role: 'office' }, 'email', /email address/],
      [
        { name: 'A', email: `a.${tag()}@x.test`, role: 'captain' },
        'role',
        /owner, office, technician or viewer/,
      ],
      [{ name: 'A\nB', email: `a.${tag()}@x.test`, role: 'office' }, 'name', /one line/],
      [{ name: ' ', email: `a.${tag()}@x.test`, role: 'office' }, 'name', /required/],
    ];
    for (const [body, field, message] of bad) {
      const res = await owner.post(USERS, body);
      expect(res.statusCode).toBe(422);
      expect(res.json().details.fields[field]).toMatch(message);
    }
  });

  it('deactivating ends their sessions at once and refuses sign-in; reactivating lets them back', async () => {
    const { yard, staff, owner } = await ownerOfNewYard();
    const { email, id, member } = await inviteAndAccept(owner, 'technician');
    expect((await member.get('/api/staff/me')).statusCode).toBe(200);

    const res = await owner.post(`${USERS}/${id}/deactivate`);
    expect(res.statusCode).toBe(200);
    expect(res.json().staff.find((s: { id: string }) => s.id === id).status).toBe('deactivated');
    // The very next request of their open session is signed out.
    expect((await member.get('/api/staff/me')).statusCode).toBe(401);
    const sessions = await db()
      .db.selectFrom('sessions')
      .select('id_hash')
      .where('staff_id', '=', id)
      .execute();
    expect(sessions).toEqual([]);
    const signIn = await h.agent().post('/api/staff/sign-in', { email, password: NEW_STAFF_PASSWORD });
    expect(signIn.statusCode).toBe(401);

    expect((await owner.post(`${USERS}/${id}/reactivate`)).statusCode).toBe(200);
    await h.agent().signInStaff(email, NEW_STAFF_PASSWORD);

    // Written at the same moment of the test's clock: compared in any order.
    expect((await auditOf(yard.id, id)).map((a) => `${a.action} by ${a.actor_staff_id}`).sort()).toEqual(
      [
        `deactivated by ${staff.id}`,
        `invited by ${staff.id}`,
        `password_set by ${id}`,
        `reactivated by ${staff.id}`,
      ].sort(),
    );
  });

  it('roles: a change applies to the next request; the last active owner cannot be demoted or deactivated, nor the owner themselves', async () => {
    const { yard, staff, owner } = await ownerOfNewYard();
    const { id, member } = await inviteAndAccept(owner, 'office');
    expect((await member.get('/api/staff/customers')).statusCode).toBe(200);
    const patched = await owner.patch(`${USERS}/${id}`, { role: 'viewer' });
    expect(patched.statusCode).toBe(200);
    expect((await member.get('/api/staff/me')).json().staff.role).toBe('viewer');

    const self = await owner.post(`${USERS}/${staff.id}/deactivate`);
    expect(self.statusCode).toBe(409);
    expect(self.json().code).toBe('NOT_YOURSELF');
    const demote = await owner.patch(`${USERS}/${staff.id}`, { role: 'office' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().code).toBe('LAST_OWNER');

    // With a second owner, one may step down; then the other is the last one again.
    const second = await inviteAndAccept(owner, 'owner');
    expect((await owner.patch(`${USERS}/${staff.id}`, { role: 'office' })).statusCode).toBe(200);
    // The first owner is office now: the owner's routes are closed to them.
    expect((await owner.get(USERS)).statusCode).toBe(403);
    const demoteLast = await second.member.patch(`${USERS}/${second.id}`, { role: 'viewer' });
    expect(demoteLast.statusCode).toBe(409);
    expect(demoteLast.json().code).toBe('LAST_OWNER');
    const roles = await db()
      .db.selectFrom('staff_users')
      .select(['id', 'role'])
      .where('yard_id', '=', yard.id)
      .execute();
    expect(roles.filter((r) => r.role === 'owner').map((r) => r.id)).toEqual([second.id]);
    expect((await auditOf(yard.id, staff.id)).map((a) => [a.action, a.changes])).toEqual([
      ['role_changed', { role: { before: 'owner', after: 'office' } }],
    ]);
  });

  it('an owner invited but without a password yet does not count: the only signed-up owner cannot step down', async () => {
    const { yard, staff, owner } = await ownerOfNewYard();
    const invited = await owner.post(USERS, {
      name: 'Ivy Ashore',
      email: `owner.${tag()}@crew.test`,
      role: 'owner',
    });
    expect(invited.statusCode).toBe(201);
    const demote = await owner.patch(`${USERS}/${staff.id}`, { role: 'office' });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().code).toBe('LAST_OWNER');
    const me = await db()
      .db.selectFrom('staff_users')
      .select('role')
      .where('yard_id', '=', yard.id)
      .where('id', '=', staff.id)
      .executeTakeFirstOrThrow();
    expect(me.role).toBe('owner');
    // The invited owner may still be given another role or deactivated by the owner.
    const invitedId = invited.json().staff.find((s: { status: string }) => s.status === 'invited').id;
    expect((await owner.patch(`${USERS}/${invitedId}`, { role: 'office' })).statusCode).toBe(200);
  });

  it('picking the password from the link is in the audit log, by the person, in the same transaction', async () => {
    const { yard, staff, owner } = await ownerOfNewYard();
    const { id } = await inviteAndAccept(owner, 'office');
    const rows = await auditOf(yard.id, id);
    expect(rows.map((r) => [r.action, r.actor_staff_id]).sort()).toEqual([
      ['invited', staff.id],
      ['password_set', id],
    ]);
    expect(rows.find((r) => r.action === 'password_set')?.changes).toEqual({
      status: { before: 'invited', after: 'active' },
    });
  });

  it('two owners deactivating each other at the same moment: one succeeds, one active owner remains', async () => {
    const { yard, staff, owner } = await ownerOfNewYard();
    const second = await inviteAndAccept(owner, 'owner');
    const [a, b] = await Promise.all([
      owner.post(`${USERS}/${second.id}/deactivate`),
      second.member.post(`${USERS}/${staff.id}/deactivate`),
    ]);
    const codes = [a.statusCode, b.statusCode].sort();
    // The loser is refused for being the last owner, or is already signed out (deactivated first).
    expect(codes[0]).toBe(200);
    expect([401, 409]).toContain(codes[1]);
    const owners = await db()
      .db.selectFrom('staff_users')
      .select('id')
      .where('yard_id', '=', yard.id)
      .where('role', '=', 'owner')
      .where('deactivated_at', 'is', null)
      .execute();
    expect(owners).toHaveLength(1);
  });

  it('resend-invite sends a new link and the older one stops working; not for someone who has a password', async () => {
    const { owner } = await ownerOfNewYard();
    const email = `late.${tag()}@crew.test`;
    const id = (await owner.post(USERS, { name: 'Late Larkin', email, role: 'viewer' }))
      .json()
      .staff.find((s: { email: string }) => s.email === email).id;
    const first = await staffLinkFor(h.sink, email);
    expect((await owner.post(`${USERS}/${id}/resend-invite`)).statusCode).toBe(200);
    const second = await staffLinkFor(h.sink, email, 2);
    expect((await h.agent().get(`/api/staff/invite/${first.token}`)).json()).toEqual({ state: 'superseded' });
    expect((await h.agent().get(`/api/staff/invite/${second.token}`)).json()).toMatchObject({
      state: 'valid',
    });

    const active = await inviteAndAccept(owner, 'viewer');
    const res = await owner.post(`${USERS}/${active.id}/resend-invite`);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('NOT_INVITED');
  });

  it("another yard's staff id is a 404 on every route, and nothing changes", async () => {
    const { owner } = await ownerOfNewYard();
    const other = await makeYard(db().db);
    const before = await db()
      .db.selectFrom('staff_users')
      .selectAll()
      .where('id', '=', other.staff.id)
      .executeTakeFirst();
    const id = other.staff.id;
    const answers = [
      await owner.patch(`${USERS}/${id}`, { role: 'viewer' }),
      await owner.post(`${USERS}/${id}/deactivate`),
      await owner.post(`${USERS}/${id}/reactivate`),
      await owner.post(`${USERS}/${id}/resend-invite`),
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([404, 404, 404, 404]);
    expect(
      await db().db.selectFrom('staff_users').selectAll().where('id', '=', id).executeTakeFirst(),
    ).toEqual(before);
    expect((await owner.get(USERS)).json().staff.map((s: { id: string }) => s.id)).not.toContain(id);
  });

  it('signed out → 401', async () => {
    const a = h.agent();
    expect((await a.get(USERS)).statusCode).toBe(401);
    expect((await a.post(USERS, { name: 'X', email: 'x@x.test', role: 'office' })).statusCode).toBe(401);
  });
});
