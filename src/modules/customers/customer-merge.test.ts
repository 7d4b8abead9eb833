// Over 300 lines: every merge case shares one harness per engine, and the fixtures that put a
// record in every table a merge moves.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeCustomer, makeOrderHistory, makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { makeOrder } from '../../../test/support/order-fixtures.js';
import {
  CUSTOMER_PASSWORD,
  makePortalCustomer,
  signInCustomer,
} from '../../../test/support/portal-accounts.js';
import { hashToken, newToken } from '../auth/tokens.js';
import { MERGED_TABLES } from './customer-merge.repo.js';

describeEachEngine('merging two customers', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  async function staffAgent() {
    const { yard, staff } = await makeYard(db().db);
    const agent = h.agent();
    await agent.signInStaff(staff.email, STAFF_PASSWORD);
    return { yard, staff, agent };
  }

  /** A customer with a record in every table a merge moves. */
  async function withEverything(yardId: string, customer: { id: string }, accountId: string | null) {
    const k = db().db;
    const history = await makeOrderHistory(k, yardId, customer.id);
    const { order, estimate, invoice } = await makeOrder(k, yardId, customer.id, {
      estimate: 'sent',
      invoice: true,
    });
    await k
      .insertInto('payments')
      .values({
        yard_id: yardId,
        invoice_id: invoice!.id,
        customer_id: customer.id,
        amount_cents: 1000,
        method: 'cash',
      })
      .execute();
    // A void invoice never changes, except for the customer it belongs to in a merge.
    await k.updateTable('invoices').set({ status: 'void' }).where('id', '=', history.invoice.id).execute();
    if (accountId) {
      await k
        .insertInto('estimate_acceptances')
        .values({
          yard_id: yardId,
          estimate_id: estimate!.id,
          customer_id: customer.id,
          account_id: accountId,
          accepted_at: new Date(),
          revision: 1,
          subtotal_cents: 1,
          tax_cents: 0,
          total_cents: 1,
          line_items: JSON.stringify([]),
        })
        .execute();
    }
    await k
      .insertInto('service_requests')
      .values({
        order_id: order.id,
        yard_id: yardId,
        customer_id: customer.id,
        description: 'Leak',
        created_at: new Date(),
      })
      .execute();
    const staff = await k
      .selectFrom('staff_users')
      .select('id')
      .where('yard_id', '=', yardId)
      .executeTakeFirstOrThrow();
    await k
      .insertInto('order_updates')
      .values({
        yard_id: yardId,
        order_id: order.id,
        customer_id: customer.id,
        body: 'Hull is clean',
        posted_by: staff.id,
        posted_at: new Date(),
      })
      .execute();
    await k
      .insertInto('yard_activity')
      .values({
        yard_id: yardId,
        customer_id: customer.id,
        order_id: order.id,
        kind: 'service_requested',
        created_at: new Date(),
      })
      .execute();
    await k
      .insertInto('portal_events')
      .values({ yard_id: yardId, customer_id: customer.id, kind: 'signed_in', created_at: new Date() })
      .execute();
    await k
      .insertInto('invites')
      .values({
        yard_id: yardId,
        customer_id: customer.id,
        email: 'x@example.com',
        status: 'sent',
        created_at: new Date(),
      })
      .execute();
    await k
      .insertInto('customer_contacts')
      .values({
        yard_id: yardId,
        customer_id: customer.id,
        kind: 'email',
        value: `other.${customer.id}@example.com`,
      })
      .execute();
  }

  async function totals(yardId: string) {
    const out: Record<string, number> = {};
    for (const t of MERGED_TABLES) {
      const { rows } = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM ${sql.table(t)} WHERE yard_id = ${yardId}`.execute(db().db);
      out[t] = Number(rows[0].n);
    }
    return out;
  }
  async function countsOf(customerId: string) {
    const out: Record<string, number> = {};
    for (const t of MERGED_TABLES) {
      const { rows } = await sql<{
        n: number;
      }>`SELECT count(*)::int AS n FROM ${sql.table(t)} WHERE customer_id = ${customerId}`.execute(db().db);
      out[t] = Number(rows[0].n);
    }
    return out;
  }

  it('moves every record to the customer kept, in one transaction, and loses none', async () => {
    const { yard, agent } = await staffAgent();
    const kept = await makeCustomer(db().db, yard.id);
    const { customer: merged, account } = await makePortalCustomer(db().db, yard.id);
    await withEverything(yard.id, kept, null);
    await withEverything(yard.id, merged, account.id);
    const before = await totals(yard.id);
    const keptBefore = await countsOf(kept.id);
    const mergedBefore = await countsOf(merged.id);
    for (const t of MERGED_TABLES.filter(
      (t) => t !== 'invite_batch_rows' && t !== 'email_change_requests' && t !== 'payment_attempts',
    )) {
      expect(mergedBefore[t], t).toBeGreaterThan(0);
    }

    const preview = await agent.get(`/api/staff/customers/${kept.id}/merge-preview?mergeId=${merged.id}`);
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ needsAccountChoice: false, moves: mergedBefore });
    expect(preview.json().merged.portalLogin).toBe(merged.email);

    const res = await agent.post(`/api/staff/customers/${kept.id}/merge`, { mergeId: merged.id });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().moved).toEqual(mergedBefore);

    expect(await totals(yard.id)).toEqual(before);
    const keptAfter = await countsOf(kept.id);
    for (const t of MERGED_TABLES) expect(keptAfter[t], t).toBe(keptBefore[t] + mergedBefore[t]);
    expect(Object.values(await countsOf(merged.id)).every((n) => n === 0)).toBe(true);

    const gone = await db()
      .db.selectFrom('customers')
      .selectAll()
      .where('id', '=', merged.id)
      .executeTakeFirstOrThrow();
    expect(gone.merged_into).toBe(kept.id);
    expect(gone.archived_at).not.toBeNull();
    // The only account, the merged customer's, now opens the kept customer's records.
    const portal = h.agent();
    await signInCustomer(portal, yard.slug, merged.email!, CUSTOMER_PASSWORD);
    const me = (await portal.get(`/api/portal/${yard.slug}/me`)).json();
    expect(me.customer.id).toBe(kept.id);
    expect(me.orders.length).toBe(keptAfter.orders);

    const audit = await db()
      .db.selectFrom('audit_log')
      .selectAll()
      .where('yard_id', '=', yard.id)
      .orderBy('action')
      .execute();
    expect(audit.map((a) => [a.action, a.customer_id])).toEqual([
      ['merged', kept.id],
      ['merged_into', merged.id],
    ]);
    expect(audit[0].changes.moved.after).toEqual(mergedBefore);

    const profile = (await agent.get(`/api/staff/customers/${merged.id}`)).json();
    expect(profile.details.mergedInto).toMatchObject({ id: kept.id, customerNumber: kept.customer_number });
    const again = await agent.post(`/api/staff/customers/${kept.id}/merge`, { mergeId: merged.id });
    expect(again.json().code).toBe('CUSTOMER_MERGED');
    expect((await agent.post(`/api/staff/customers/${merged.id}/restore`)).json().code).toBe(
      'CUSTOMER_MERGED',
    );
  });

  it('a failure half-way moves nothing', async () => {
    const { yard, agent } = await staffAgent();
    const kept = await makeCustomer(db().db, yard.id);
    const merged = await makeCustomer(db().db, yard.id);
    await withEverything(yard.id, merged, null);
    const mergedBefore = await countsOf(merged.id);
    // yard_activity moves late, after boats, orders, invoices and the rest have moved.
    await db().execScript(`
      CREATE FUNCTION test_refuse_move() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused for the test'; END $$;
      CREATE TRIGGER test_refuse_move BEFORE UPDATE ON yard_activity FOR EACH ROW EXECUTE FUNCTION test_refuse_move();`);
    try {
      const res = await agent.post(`/api/staff/customers/${kept.id}/merge`, { mergeId: merged.id });
      expect(res.statusCode).toBe(500);
    } finally {
      await db().execScript(
        'DROP TRIGGER test_refuse_move ON yard_activity; DROP FUNCTION test_refuse_move();',
      );
    }
    expect(await countsOf(merged.id)).toEqual(mergedBefore);
    const row = await db()
      .db.selectFrom('customers')
      .selectAll()
      .where('id', '=', merged.id)
      .executeTakeFirstOrThrow();
    expect(row.merged_into).toBeNull();
    expect(row.archived_at).toBeNull();
    expect(
      await db().db.selectFrom('audit_log').select('id').where('yard_id', '=', yard.id).execute(),
    ).toHaveLength(0);
  });

  it('two portal accounts: staff choose, the other is disabled and signed out', async () => {
    const { yard, agent } = await staffAgent();
    const { customer: kept } = await makePortalCustomer(db().db, yard.id);
    const { customer: merged, account: mergedAccount } = await makePortalCustomer(db().db, yard.id);
    const keptPortal = h.agent();
    await signInCustomer(keptPortal, yard.slug, kept.email!);
    expect((await keptPortal.get(`/api/portal/${yard.slug}/me`)).statusCode).toBe(200);

    const preview = (
      await agent.get(`/api/staff/customers/${kept.id}/merge-preview?mergeId=${merged.id}`)
    ).json();
    expect(preview.needsAccountChoice).toBe(true);
    const refused = await agent.post(`/api/staff/customers/${kept.id}/merge`, { mergeId: merged.id });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('MERGE_NEEDS_ACCOUNT_CHOICE');
    expect(refused.json().details.fields.keepAccountOf).toBeTruthy();

    const res = await agent.post(`/api/staff/customers/${kept.id}/merge`, {
      mergeId: merged.id,
      keepAccountOf: 'merged',
    });
    expect(res.statusCode, res.body).toBe(200);
    // The kept customer's own account is disabled: its session ends and it cannot sign in.
    expect((await keptPortal.get(`/api/portal/${yard.slug}/me`)).statusCode).toBe(401);
    const again = await h
      .agent()
      .post(`/api/portal/${yard.slug}/sign-in`, { email: kept.email, password: CUSTOMER_PASSWORD });
    expect(again.statusCode).toBe(401);
    const chosen = h.agent();
    await signInCustomer(chosen, yard.slug, merged.email!);
    expect((await chosen.get(`/api/portal/${yard.slug}/me`)).json().customer.id).toBe(kept.id);
    const accounts = await db()
      .db.selectFrom('portal_accounts')
      .selectAll()
      .where('customer_id', '=', kept.id)
      .execute();
    expect(accounts.map((a) => [a.id, a.disabled_at === null]).sort()).toEqual(
      [
        [mergedAccount.id, true],
        [accounts.find((a) => a.id !== mergedAccount.id)!.id, false],
      ].sort(),
    );
    const profile = (await agent.get(`/api/staff/customers/${kept.id}`)).json();
    expect(profile.portal.button).toBe('in_portal');
  });

  it('a password reset link sent to the account a merge disables no longer works', async () => {
    const { yard, agent } = await staffAgent();
    const { customer: kept } = await makePortalCustomer(db().db, yard.id);
    const { customer: merged, account } = await makePortalCustomer(db().db, yard.id);
    const token = newToken();
    const now = new Date();
    await db()
      .db.insertInto('password_resets')
      .values({
        yard_id: yard.id,
        account_id: account.id,
        email: merged.email!,
        token_hash: hashToken(token),
        created_at: now,
        expires_at: new Date(now.getTime() + 3_600_000),
      })
      .execute();
    const res = await agent.post(`/api/staff/customers/${kept.id}/merge`, {
      mergeId: merged.id,
      keepAccountOf: 'kept',
    });
    expect(res.statusCode, res.body).toBe(200);
    const before = await db()
      .db.selectFrom('portal_accounts')
      .select('password_hash')
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow();
    const newPassword = 'lantern spinnaker quiet harbour';
    const reset = await h.agent().post(`/api/portal/${yard.slug}/password/reset`, {
      token,
      password: newPassword,
      confirmPassword: newPassword,
    });
    expect(reset.statusCode, reset.body).toBe(410);
    const after = await db()
      .db.selectFrom('portal_accounts')
      .select('password_hash')
      .where('id', '=', account.id)
      .executeTakeFirstOrThrow();
    expect(after.password_hash).toBe(before.password_hash);
  });

  it('refuses merging into itself, another yard’s customers, and unknown ids', async () => {
    const { yard, agent } = await staffAgent();
    const c = await makeCustomer(db().db, yard.id);
    const self = await agent.post(`/api/staff/customers/${c.id}/merge`, { mergeId: c.id });
    expect(self.statusCode).toBe(422);
    expect(self.json().code).toBe('MERGE_SAME_CUSTOMER');
    const { yard: other } = await makeYard(db().db);
    const theirs = await makeCustomer(db().db, other.id);
    await withEverything(other.id, theirs, null);
    const theirsBefore = await countsOf(theirs.id);
    for (const res of [
      await agent.post(`/api/staff/customers/${c.id}/merge`, { mergeId: theirs.id }),
      await agent.post(`/api/staff/customers/${theirs.id}/merge`, { mergeId: c.id }),
      await agent.get(`/api/staff/customers/${c.id}/merge-preview?mergeId=${theirs.id}`),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain(theirs.last_name);
    }
    expect(await countsOf(theirs.id)).toEqual(theirsBefore);
    const bad = await agent.post(`/api/staff/customers/${c.id}/merge`, { mergeId: 'nope' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().details.fields.mergeId).toBeTruthy();
  });
});
