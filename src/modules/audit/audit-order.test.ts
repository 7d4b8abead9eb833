import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { makeYard, STAFF_PASSWORD } from '../../../test/support/factories.js';
import { type Harness, startHarness } from '../../../test/support/harness.js';
import { auditRepo } from './audit.repo.js';
import { timeOrderedId } from './audit-id.js';

describe('time-ordered ids', () => {
  it('sort in the order they were made, within one millisecond too, and are UUID version 7', () => {
    const ids = Array.from({ length: 5_000 }, () => timeOrderedId(1_764_900_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids.slice(0, 50))
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describeEachEngine('audit rows of one moment', (db) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(db(), { worker: false });
  });
  afterAll(() => h.close());

  it('list newest first in the order they were written, page after page', async () => {
    const { yard, staff } = await makeYard(db().db);
    const at = h.clock.now();
    const audit = auditRepo(db().db);
    const names = Array.from({ length: 12 }, (_, i) => `step ${String(i + 1).padStart(2, '0')}`);
    await db()
      .db.transaction()
      .execute(async (trx) => {
        for (const action of names)
          await audit.record(
            { yardId: yard.id, actor: { kind: 'system' }, entity: 'settings', action, at },
            trx,
          );
      });
    const agent = h.agent();
    await agent.signInStaff(staff.email, STAFF_PASSWORD);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await agent.get(
        `/api/staff/audit?entity=settings&limit=5${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(res.statusCode, res.body).toBe(200);
      const page = res.json() as { entries: { action: string }[]; nextCursor: string | null };
      seen.push(...page.entries.map((e) => e.action));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...names].reverse());
  });
});
