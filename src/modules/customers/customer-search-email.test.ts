import { expect, it } from 'vitest';
import { describeEachEngine } from '../../../test/support/databases.js';
import { addCustomers, allPages, makeYard, names } from '../../../test/support/search-fixtures.js';
import { explainSearch, localPart, searchCustomers } from './customer-search.repo.js';

const WHOLE_ADDRESS = 'trigram index, first 500 matches';
const LOCAL_PART = 'part before the @';

/**
 * A whole email address typed into the search: the exact address first, then every address
 * that contains it. The address's matches are looked for among those of the part before the
 * @ (the domain's trigrams are in most keys of a yard); when that part is common, the whole
 * address answers.
 */
describeEachEngine('customer search for a whole email address', (get) => {
  it('finds the address and the addresses that contain it through the part before the @', async () => {
    const { db } = get();
    const yardId = await makeYard(db);
    await addCustomers(db, yardId, [
      { first: 'Ava', last: 'Thompson', email: 'ava.thompson@harbormail.com' },
      { first: 'Nava', last: 'Lee', email: 'nava.thompson@harbormail.com' },
      { first: 'Ava', last: 'Abroad', email: 'ava.thompson@harbormail.com.au' },
      { first: 'Ava', last: 'Other', email: 'ava.thompson@othermail.com' },
      { first: 'Avathompson', last: 'Harbormail', email: 'x@y.test' },
    ]);
    const found = await searchCustomers(db, yardId, { q: 'Ava.Thompson@HarborMail.com' });
    expect(names(found.rows)).toEqual(['Ava Thompson', 'Ava Abroad', 'Nava Lee']);
    expect(found.capped).toBe(false);
    const plan = await explainSearch(db, yardId, { q: 'ava.thompson@harbormail.com' });
    expect(plan).toContain(LOCAL_PART);
    // The part before the @ was rare enough: the whole address's trigrams were never read.
    expect(plan).not.toContain(WHOLE_ADDRESS);
    expect((await allPages(db, yardId, 'ava.thompson@harbormail.com', 1)).map((r) => r.last_name)).toEqual([
      'Thompson',
      'Abroad',
      'Lee',
    ]);
  });

  it('answers from the whole address when the part before the @ is common', async () => {
    const { db } = get();
    const yardId = await makeYard(db);
    await addCustomers(db, yardId, [
      ...Array.from({ length: 210 }, (_, i) => ({
        first: 'Pat',
        last: `Johnson${String(i).padStart(3, '0')}`,
        email: `pj${i}@dock.test`,
      })),
      { first: 'Jo', last: 'Exact', email: 'john@harbor.test' },
      { first: 'Big', last: 'Contains', email: 'bigjohn@harbor.test' },
      { first: 'Jo', last: 'Elsewhere', email: 'john@other.test' },
    ]);
    const found = await searchCustomers(db, yardId, { q: 'john@harbor.test' });
    expect(names(found.rows)).toEqual(['Jo Exact', 'Big Contains']);
    const plan = await explainSearch(db, yardId, { q: 'john@harbor.test' });
    expect(plan).toContain(LOCAL_PART);
    expect(plan).toContain(WHOLE_ADDRESS);
  });

  it('keeps short or letterless parts before the @ out of it', () => {
    expect(localPart('jo@harbor.test')).toBeNull();
    expect(localPart('...@harbor.test')).toBeNull();
    expect(localPart('harbor.test')).toBeNull();
    expect(localPart('mary@x')).toBe('mary');
  });
});
