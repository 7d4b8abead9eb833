import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { addCustomers, makeYard, type NewCustomer } from '../../../test/support/search-fixtures.js';
import { explainSearch, searchCustomers } from './customer-search.repo.js';

/**
 * A common term in a big yard is read in table order (PostgreSQL; docs/search.md). The
 * statistics are a sample: a term whose matches sit further into the table than its
 * estimate says is still answered by the scan, which may read twice the rows it was
 * chosen for, rather than coming back short and paying for the trigram index after it.
 */
describeEachEngine('customer search in table order', (get, engine) => {
  it('finds a page of a common term further into the yard than its estimate, without the trigram index', async () => {
    if (engine !== 'postgres') return; // PGlite never scans (see estimatePays)
    const { db } = get();
    const yardId = await makeYard(db);
    // 30,000 customers, 600 of them "Harborview": 30 among the first 20,000 (where the
    // estimate of about 2 % expects the scan to find its page long before), 570 after.
    const people: NewCustomer[] = [];
    for (let i = 0; i < 30_000; i++) {
      const match = i < 20_000 ? i % 666 === 0 : i % 18 === 0 && i >= 20_050;
      people.push({ first: `Crew${i}`, last: match ? `Harborview${i}` : `Dock${i}`, email: null });
    }
    for (let from = 0; from < people.length; from += 5000) {
      await addCustomers(db, yardId, people.slice(from, from + 5000), from);
    }
    await sql`ANALYZE customers`.execute(db);
    const plan = await explainSearch(db, yardId, { q: 'arborv' });
    expect(plan).toContain('-- table order');
    expect(plan).not.toContain('-- trigram index');
    const page = await searchCustomers(db, yardId, { q: 'arborv' });
    expect(page.rows).toHaveLength(25);
    expect(page.capped).toBe(true);
    for (const r of page.rows) expect(r.last_name).toMatch(/^Harborview\d+$/);
  });
});
