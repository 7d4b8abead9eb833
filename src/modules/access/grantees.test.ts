import { expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeCustomer, makeYard } from '../../../test/support/factories.js';
import { grantedAccount } from '../../../test/support/portal-accounts.js';
import { granteesRepo } from './grantees.repo.js';

/** Who the mail workers write to about an owner's orders and threads (grantees.repo.ts). */
describeEachEngine('the people an owner shared access with, for mail', (db) => {
  it("an archived owner's record is closed to them: no mail about it either; restored, again", async () => {
    const { yard } = await makeYard(db().db);
    const owner = await makeCustomer(db().db, yard.id);
    const email = `crew-${Math.random().toString(36).slice(2)}@boat.test`;
    const account = await grantedAccount(db().db, {
      yardId: yard.id,
      ownerCustomerId: owner.id,
      email,
      role: 'pay',
      boatId: null,
    });
    const repo = granteesRepo(db().db);
    const recipients = async () => (await repo.ofOrder(yard.id, owner.id, null)).map((g) => g.account_id);
    expect(await recipients()).toEqual([account.id]);
    const archive = (at: Date | null) =>
      db().db.updateTable('customers').set({ archived_at: at }).where('id', '=', owner.id).execute();
    await archive(new Date());
    expect(await recipients()).toEqual([]);
    await archive(null);
    expect(await recipients()).toEqual([account.id]);
  });
});
