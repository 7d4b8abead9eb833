import { expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeCustomer, makeOrderHistory, makeYard } from '../../../test/support/factories.js';
import { nextYardNumber } from './yard-counters.repo.js';

describeEachEngine('numbering per yard', (db, engine) => {
  it('100 numbers asked for at once are 100 distinct numbers, one after another', async () => {
    const { yard } = await makeYard(db().db);
    const numbers = await Promise.all(
      Array.from({ length: 100 }, () => nextYardNumber(db().db, yard.id, 'order')),
    );
    const sorted = [...numbers].sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(100);
    expect(sorted[0]).toBe(1001);
    expect(sorted[99]).toBe(1100);
  });

  it('starts above any number already stored (imports, the demo seed) and keeps each kind apart', async () => {
    const { yard } = await makeYard(db().db);
    const customer = await makeCustomer(db().db, yard.id);
    const history = await makeOrderHistory(db().db, yard.id, customer.id);
    const first = await nextYardNumber(db().db, yard.id, 'order');
    expect(first).toBe(history.order.number + 1);
    expect(await nextYardNumber(db().db, yard.id, 'order')).toBe(first + 1);
    // A number written directly afterwards (an import) is never handed out again.
    await db()
      .db.updateTable('orders')
      .set({ number: first + 50 })
      .where('id', '=', history.order.id)
      .execute();
    expect(await nextYardNumber(db().db, yard.id, 'order')).toBe(first + 51);
    const other = await makeYard(db().db);
    expect(await nextYardNumber(db().db, other.yard.id, 'order')).toBe(1001);
  });

  // Editing the yard's settings locks its row (FOR NO KEY UPDATE); numbering must not wait on it.
  // (PGlite has one connection: nothing runs concurrently.)
  it.skipIf(engine === 'pglite')('does not wait while the yard row is locked', async () => {
    const { yard } = await makeYard(db().db);
    await db()
      .db.transaction()
      .execute(async (trx) => {
        await trx.selectFrom('yards').select('id').where('id', '=', yard.id).forNoKeyUpdate().execute();
        const number = await Promise.race([
          nextYardNumber(db().db, yard.id, 'order'),
          new Promise<'waited'>((r) => setTimeout(() => r('waited'), 3000)),
        ]);
        expect(number).toBe(1001);
      });
  });
});
